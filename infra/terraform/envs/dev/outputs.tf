output "kubernetes_cluster" {
  value       = module.kindred.cluster_name
  description = "aws eks update-kubeconfig --name <this>."
}

output "service_urls" {
  value       = module.kindred.service_urls
  description = "In-cluster URLs of the services."
}

output "model_bucket" {
  value       = module.kindred.model_bucket
  description = "Upload infra/triton/model_repository here (aws s3 sync)."
}

output "keycloak_issuer" {
  value       = module.kindred.keycloak_issuer
  description = "The OIDC issuer."
}
