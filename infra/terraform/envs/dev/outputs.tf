output "kubernetes_cluster" {
  value       = module.cluster.cluster_name
  description = "aws eks update-kubeconfig --name <this>."
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
