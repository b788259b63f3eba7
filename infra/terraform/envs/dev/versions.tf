terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = "~> 2.35"
    }
    helm = {
      source  = "hashicorp/helm"
      version = "~> 2.17"
    }
    kafka = {
      source  = "Mongey/kafka"
      version = "~> 0.8"
    }
  }
}

provider "aws" {
  region = var.region
  default_tags {
    tags = { project = "kindred", environment = var.environment }
  }
}

provider "kubernetes" {
  host                   = module.kindred.cluster_endpoint
  cluster_ca_certificate = base64decode(module.kindred.cluster_certificate_authority)
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", module.kindred.cluster_name]
  }
}

provider "helm" {
  kubernetes {
    host                   = module.kindred.cluster_endpoint
    cluster_ca_certificate = base64decode(module.kindred.cluster_certificate_authority)
    exec {
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws"
      args        = ["eks", "get-token", "--cluster-name", module.kindred.cluster_name]
    }
  }
}

# Topics are created over IAM-authenticated TLS once the brokers exist (first apply:
# -target=module.kindred.module.eventlog, then the rest).
provider "kafka" {
  bootstrap_servers = split(",", module.kindred.kafka_bootstrap_brokers)
  tls_enabled       = true
  sasl_mechanism    = "aws-iam"
  sasl_aws_region   = var.region
}
