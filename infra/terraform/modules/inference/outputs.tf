output "url" {
  value       = "http://triton.${var.namespace}.svc:8000"
  description = "Triton's in-cluster URL (kindred.inference.triton.url)."
}

output "model_bucket" {
  value       = aws_s3_bucket.models.bucket
  description = "Bucket holding model_repository/ (upload the embedding model; rankers are published here)."
}

output "model_repository" {
  value       = "s3://${aws_s3_bucket.models.bucket}/model_repository"
  description = "Where Triton reads models; the interest-worker mounts this bucket (Mountpoint for S3 CSI) and points kindred.inference.triton.model-repository at the mount."
}
