# The smallest useful environment: 2 AZs, 2 small brokers, native functions, one streams task.
environment = "dev"
region      = "eu-west-1"
tags = {
  Owner = "platform"
}
