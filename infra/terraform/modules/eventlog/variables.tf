variable "name" {
  type        = string
  description = "Cluster name prefix (e.g. kindred-prod)."
}

variable "subnet_ids" {
  type        = list(string)
  description = "Private subnets, one broker per subnet (their count divides the broker count)."
}

variable "security_group_ids" {
  type        = list(string)
  description = "Security groups allowing the cluster to reach port 9098 (IAM auth)."
}

variable "kafka_version" {
  type        = string
  description = "MSK Kafka version (KRaft)."
  default     = "3.7.x.kraft"
}

variable "broker_instance_type" {
  type        = string
  description = "Broker size."
  default     = "kafka.m7g.large"
}

variable "brokers" {
  type        = number
  description = "Number of brokers (a multiple of the subnet count)."
  default     = 3
}

variable "broker_storage_gb" {
  type        = number
  description = "EBS storage per broker."
  default     = 500
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
