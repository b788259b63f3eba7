output "urls" {
  value       = { for name, s in kubernetes_service.service : name => "http://${s.metadata[0].name}.${var.namespace}.svc" }
  description = "In-cluster URL of each service (an ingress in front of ingest, recommend and the console is the env's choice)."
}

output "namespace" {
  value       = kubernetes_namespace.this.metadata[0].name
  description = "The services' namespace (Triton runs there too)."
}
