output "vpc_id" {
  value       = aws_vpc.this.id
  description = "The VPC's id."
}

output "private_subnet_ids" {
  value       = [for s in aws_subnet.private : s.id]
  description = "Private subnets (nodes, database, brokers), one per zone."
}

output "public_subnet_ids" {
  value       = [for s in aws_subnet.public : s.id]
  description = "Public subnets (load balancers, NAT), one per zone."
}

output "cluster_security_group_id" {
  value       = aws_security_group.cluster_nodes.id
  description = "Security group of the Kubernetes nodes."
}

output "database_security_group_id" {
  value       = aws_security_group.database.id
  description = "Security group of PostgreSQL."
}

output "kafka_security_group_id" {
  value       = aws_security_group.kafka.id
  description = "Security group of the Kafka brokers."
}
