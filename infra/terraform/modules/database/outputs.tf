output "endpoint" {
  value       = aws_db_instance.primary.address
  description = "The primary's host name (writes, migrations)."
}

output "reader_endpoint" {
  value       = length(aws_db_instance.replica) > 0 ? aws_db_instance.replica[0].address : aws_db_instance.primary.address
  description = "The replica's host name for serving reads (the primary when there is no replica)."
}

output "port" {
  value       = aws_db_instance.primary.port
  description = "PostgreSQL's port."
}

output "database_name" {
  value       = var.database_name
  description = "The database Kindred's services connect to."
}

output "master_secret_arn" {
  value       = aws_db_instance.primary.master_user_secret[0].secret_arn
  description = "Secrets Manager secret holding the master user's password."
}
