variable "name" {
  type        = string
  description = "Cluster name (e.g. kindred-prod)."
}

variable "kubernetes_version" {
  type        = string
  description = "EKS Kubernetes version."
  default     = "1.31"
}

variable "subnet_ids" {
  type        = list(string)
  description = "Private subnets for the nodes and the control plane's interfaces."
}

variable "security_group_ids" {
  type        = list(string)
  description = "Extra security groups of the nodes (the network module's cluster group)."
}

variable "cpu_instance_types" {
  type        = list(string)
  description = "Instance types of the CPU pool (Quarkus services, console, Keycloak)."
  default     = ["m7i.xlarge"]
}

variable "cpu_nodes" {
  type        = object({ min = number, desired = number, max = number })
  description = "Size of the CPU pool."
  default     = { min = 2, desired = 3, max = 10 }
}

variable "gpu_instance_types" {
  type        = list(string)
  description = "Instance types of the GPU pool (Triton): one NVIDIA GPU each."
  default     = ["g5.xlarge"]
}

variable "gpu_nodes" {
  type        = object({ min = number, desired = number, max = number })
  description = "Size of the GPU pool (the largest cost driver)."
  default     = { min = 1, desired = 1, max = 4 }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
