output "issuer_url" {
  value       = "https://${var.hostname}/realms/kindred"
  description = "The OIDC issuer the services and the console trust (kindred.*.oidc auth-server-url)."
}

output "namespace" {
  value       = kubernetes_namespace.this.metadata[0].name
  description = "Keycloak's namespace."
}
