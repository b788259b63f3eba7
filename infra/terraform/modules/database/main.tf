# Managed PostgreSQL with pgvector: the event store and every projection (Kindred's migrations
# create the vector extension and the HNSW indexes). A read replica takes serving's reads; the
# primary keeps automated backups with point-in-time recovery; the master password lives in
# Secrets Manager (RDS-managed), never in Terraform state.
resource "aws_db_subnet_group" "this" {
  name       = "${var.name}-db"
  subnet_ids = var.subnet_ids
  tags       = var.tags
}

resource "aws_db_parameter_group" "this" {
  name   = "${var.name}-pg${split(".", var.engine_version)[0]}"
  family = "postgres${split(".", var.engine_version)[0]}"
  parameter {
    name  = "maintenance_work_mem"
    value = var.hnsw_maintenance_work_mem_mb * 1024
  }
  parameter {
    name  = "max_parallel_maintenance_workers"
    value = "4"
  }
  parameter {
    name         = "shared_preload_libraries"
    value        = "pg_stat_statements"
    apply_method = "pending-reboot"
  }
  tags = var.tags
}

resource "aws_db_instance" "primary" {
  identifier                          = "${var.name}-db"
  engine                              = "postgres"
  engine_version                      = var.engine_version
  instance_class                      = var.instance_class
  db_name                             = var.database_name
  username                            = "kindred"
  manage_master_user_password         = true
  allocated_storage                   = var.allocated_storage_gb
  max_allocated_storage               = var.allocated_storage_gb * 10
  storage_type                        = "gp3"
  storage_encrypted                   = true
  multi_az                            = var.multi_az
  db_subnet_group_name                = aws_db_subnet_group.this.name
  vpc_security_group_ids              = var.security_group_ids
  parameter_group_name                = aws_db_parameter_group.this.name
  backup_retention_period             = var.backup_retention_days
  backup_window                       = "02:00-03:00"
  maintenance_window                  = "sun:03:30-sun:04:30"
  performance_insights_enabled        = true
  iam_database_authentication_enabled = true
  deletion_protection                 = true
  skip_final_snapshot                 = false
  final_snapshot_identifier           = "${var.name}-db-final"
  copy_tags_to_snapshot               = true
  tags                                = var.tags
}

resource "aws_db_instance" "replica" {
  count                        = var.replica_instance_class == null ? 0 : 1
  identifier                   = "${var.name}-db-replica"
  replicate_source_db          = aws_db_instance.primary.identifier
  instance_class               = var.replica_instance_class
  storage_encrypted            = true
  vpc_security_group_ids       = var.security_group_ids
  parameter_group_name         = aws_db_parameter_group.this.name
  performance_insights_enabled = true
  skip_final_snapshot          = true
  tags                         = var.tags
}
