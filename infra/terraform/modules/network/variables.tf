variable "name" {
  type        = string
  description = "Prefix of every resource name (e.g. kindred-prod)."
}

variable "cidr" {
  type        = string
  description = "The VPC's address range."
  default     = "10.40.0.0/16"
}

variable "availability_zones" {
  type        = list(string)
  description = "Zones to spread subnets over (two or three)."
}

variable "single_nat_gateway" {
  type        = bool
  description = "One NAT gateway for all zones (cheaper, dev) instead of one per zone (prod)."
  default     = false
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
