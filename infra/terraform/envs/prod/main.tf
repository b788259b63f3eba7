# prod: three zones, a NAT gateway per zone, a multi-AZ primary with a read replica for serving,
# six brokers, GPU nodes that scale with Triton's queue (sizes: infra/README.md's sizing table).
# The wiring lives in modules/stack; this file only sizes it.
module "kindred" {
  source               = "../../modules/stack"
  environment          = var.environment
  availability_zones   = var.availability_zones
  image_registry       = var.image_registry
  image_tag            = var.image_tag
  keycloak_hostname    = var.keycloak_hostname
  services_secret_name = var.services_secret_name
  size = {
    single_nat_gateway         = false
    db_instance_class          = "db.r7g.2xlarge"
    db_replica_instance_class  = "db.r7g.2xlarge"
    db_multi_az                = true
    db_storage_gb              = 500
    db_backup_days             = 14
    keycloak_db_instance_class = "db.t4g.medium"
    kafka_broker_type          = "kafka.m7g.large"
    kafka_brokers              = 6
    kafka_storage_gb           = 1000
    event_partitions           = 48
    cpu_instance_types         = ["m7i.2xlarge"]
    cpu_nodes                  = { min = 3, desired = 4, max = 20 }
    gpu_nodes                  = { min = 2, desired = 2, max = 6 }
    keycloak_replicas          = 3
    triton_replicas            = { min = 2, max = 6 }
  }
}
