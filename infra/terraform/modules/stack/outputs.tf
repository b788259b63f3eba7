output "cluster_name" {
  value       = module.cluster.cluster_name
  description = "The EKS cluster (aws eks update-kubeconfig --name <this>)."
}

output "cluster_endpoint" {
  value       = module.cluster.endpoint
  description = "The Kubernetes API endpoint (the environment's kubernetes and helm providers)."
}

output "cluster_certificate_authority" {
  value       = module.cluster.certificate_authority
  description = "The API's CA certificate (base64)."
}

output "kafka_bootstrap_brokers" {
  value       = module.eventlog.bootstrap_brokers
  description = "MSK bootstrap servers (the environment's kafka provider)."
}

output "service_urls" {
  value       = module.services.urls
  description = "In-cluster URLs of the services."
}

output "model_bucket" {
  value       = module.inference.model_bucket
  description = "Upload infra/triton/model_repository here (aws s3 sync)."
}

output "keycloak_issuer" {
  value       = module.identity.issuer_url
  description = "The OIDC issuer."
}
