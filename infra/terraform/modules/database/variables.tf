variable "name" {
  type        = string
  description = "Instance identifier prefix (e.g. kindred-prod)."
}

variable "database_name" {
  type        = string
  description = "The database created on the instance."
  default     = "kindred"
}

variable "subnet_ids" {
  type        = list(string)
  description = "Private subnets for the instance and its replica."
}

variable "security_group_ids" {
  type        = list(string)
  description = "Security groups allowing the cluster to reach port 5432."
}

variable "engine_version" {
  type        = string
  description = "PostgreSQL version (15 or 16; RDS ships pgvector with both, created by Kindred's migrations)."
  default     = "16.4"
}

variable "instance_class" {
  type        = string
  description = "The primary's size (writes: events, projections)."
}

variable "replica_instance_class" {
  type        = string
  description = "The read replica's size (serving reads); null for no replica."
  default     = null
}

variable "allocated_storage_gb" {
  type        = number
  description = "Initial storage; grows automatically up to ten times this."
  default     = 100
}

variable "multi_az" {
  type        = bool
  description = "A synchronous standby in another zone (prod)."
  default     = false
}

variable "backup_retention_days" {
  type        = number
  description = "Days of automated backups and point-in-time recovery."
  default     = 7
}

variable "hnsw_maintenance_work_mem_mb" {
  type        = number
  description = "maintenance_work_mem for HNSW index builds (pgvector builds fastest when the graph fits)."
  default     = 2048
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
