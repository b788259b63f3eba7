# dev: the smallest complete Kindred — two zones, one NAT gateway, no database replica, one GPU
# node, a three-broker MSK cluster of the smallest brokers. Composes modules only.
locals {
  name = "kindred-${var.environment}"
}

module "network" {
  source             = "../../modules/network"
  name               = local.name
  availability_zones = var.availability_zones
  single_nat_gateway = true
}

module "database" {
  source                = "../../modules/database"
  name                  = local.name
  subnet_ids            = module.network.private_subnet_ids
  security_group_ids    = [module.network.database_security_group_id]
  instance_class        = "db.t4g.large"
  backup_retention_days = 3
}

module "keycloak_database" {
  source             = "../../modules/database"
  name               = "${local.name}-keycloak"
  database_name      = "keycloak"
  subnet_ids         = module.network.private_subnet_ids
  security_group_ids = [module.network.database_security_group_id]
  instance_class     = "db.t4g.small"
}

module "eventlog" {
  source               = "../../modules/eventlog"
  name                 = local.name
  subnet_ids           = module.network.private_subnet_ids
  security_group_ids   = [module.network.kafka_security_group_id]
  broker_instance_type = "kafka.t3.small"
  brokers              = 2
  broker_storage_gb    = 100
}

module "topics" {
  source           = "../../modules/eventlog-topics"
  event_partitions = 12
}

module "cluster" {
  source             = "../../modules/cluster"
  name               = local.name
  subnet_ids         = module.network.private_subnet_ids
  security_group_ids = [module.network.cluster_security_group_id]
  cpu_nodes          = { min = 2, desired = 2, max = 4 }
  gpu_nodes          = { min = 0, desired = 1, max = 1 }
}

module "observability" {
  source = "../../modules/observability"
}

module "identity" {
  source              = "../../modules/identity"
  hostname            = var.keycloak_hostname
  database_host       = module.keycloak_database.endpoint
  database_name       = module.keycloak_database.database_name
  database_secret_arn = module.keycloak_database.master_secret_arn
  replicas            = 1
  realm_file          = "${path.root}/../../../keycloak/kindred-realm.json"
}

module "services" {
  source         = "../../modules/services"
  namespace      = "kindred"
  image_registry = var.image_registry
  image_tag      = var.image_tag
  secret_name    = var.services_secret_name
  config = {
    KINDRED_DB_HOST                     = module.database.endpoint
    KINDRED_DB_READ_HOST                = module.database.reader_endpoint
    KINDRED_DB_NAME                     = module.database.database_name
    KINDRED_OIDC_ISSUER                 = module.identity.issuer_url
    KINDRED_INFERENCE_BACKEND           = "triton"
    KINDRED_INFERENCE_TRITON_URL        = module.inference.url
    KINDRED_EVENTLOG                    = "postgres"
    KINDRED_EVENTLOG_KAFKA_SERVERS      = module.eventlog.bootstrap_brokers
    KINDRED_EVENTLOG_KAFKA_TOPIC        = module.topics.events_topic
    QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT = module.observability.otlp_endpoint
  }
}

module "inference" {
  source            = "../../modules/inference"
  name              = local.name
  namespace         = module.services.namespace
  oidc_provider_arn = module.cluster.oidc_provider_arn
  oidc_issuer       = module.cluster.oidc_issuer
  replicas          = { min = 1, max = 1 }
}
