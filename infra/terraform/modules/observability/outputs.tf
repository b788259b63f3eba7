output "prometheus_url" {
  value       = "http://prometheus-kube-prometheus-prometheus.${var.namespace}.svc:9090"
  description = "In-cluster Prometheus."
}

output "otlp_endpoint" {
  value       = "http://otel-collector-opentelemetry-collector.${var.namespace}.svc:4318"
  description = "OTLP/HTTP endpoint for the services (quarkus.otel.exporter.otlp.endpoint)."
}
