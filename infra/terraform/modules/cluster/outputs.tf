output "cluster_name" {
  value       = aws_eks_cluster.this.name
  description = "The EKS cluster's name (kubectl, aws eks get-token)."
}

output "endpoint" {
  value       = aws_eks_cluster.this.endpoint
  description = "The Kubernetes API endpoint."
}

output "certificate_authority" {
  value       = aws_eks_cluster.this.certificate_authority[0].data
  description = "The API's CA certificate (base64)."
}

output "oidc_provider_arn" {
  value       = aws_iam_openid_connect_provider.this.arn
  description = "OIDC provider for IAM roles of service accounts."
}

output "oidc_issuer" {
  value       = aws_eks_cluster.this.identity[0].oidc[0].issuer
  description = "The cluster's OIDC issuer URL."
}
