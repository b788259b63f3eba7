terraform {
  required_version = ">= 1.6"
  # Declared so the modules below inherit the environment's configured providers (kafka is not a
  # hashicorp provider: every module on the way needs its source).
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
