output "bootstrap_brokers" {
  value       = aws_msk_cluster.this.bootstrap_brokers_sasl_iam
  description = "Bootstrap servers for IAM-authenticated clients (kindred.eventlog.kafka.bootstrap-servers)."
}

output "cluster_arn" {
  value       = aws_msk_cluster.this.arn
  description = "The MSK cluster's ARN (IAM policies of the services)."
}
