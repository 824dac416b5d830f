output "cluster_arn" {
  description = "ARN of the MSK cluster (provisioned or Serverless)."
  value       = local.cluster_arn
}

output "cluster_name" {
  description = "Name of the MSK cluster (the \"Cluster Name\" dimension of AWS/Kafka metrics)."
  value       = var.name
}

output "cluster_uuid" {
  description = "UUID of the MSK cluster, part of its topic and group ARNs."
  value       = local.cluster_uuid
}

output "cluster_bootstrap_brokers_sasl_iam" {
  description = "Bootstrap brokers for SASL/IAM over TLS (KAFKA_BOOTSTRAP_SERVERS)."
  value       = local.bootstrap_brokers
}

output "cluster_topic_arn_prefix" {
  description = "ARN prefix of the cluster's topics for kafka-cluster IAM actions: <prefix>/<topic>."
  value       = replace(local.cluster_arn, ":cluster/", ":topic/")
}

output "cluster_group_arn_prefix" {
  description = "ARN prefix of the cluster's consumer groups for kafka-cluster IAM actions: <prefix>/<group>."
  value       = replace(local.cluster_arn, ":cluster/", ":group/")
}

output "cluster_transactional_id_arn_prefix" {
  description = "ARN prefix of the cluster's transactional ids: <prefix>/<id>."
  value       = replace(local.cluster_arn, ":cluster/", ":transactional-id/")
}

output "topics" {
  description = "The pipeline's topics: name => partitions, retention_ms (-1 = forever), cleanup_policy, what it holds, and the topic configs to create it with."
  value       = { for name, t in local.topics : name => merge(t, { configs = local.topic_configs[name] }) }
}

output "topic_replication_factor" {
  description = "Replication factor the topics are created with."
  value       = local.replication_factor
}

output "topic_bootstrap_commands" {
  description = "Idempotent kafka-topics.sh commands (--if-not-exists) that create the topics; see scripts/create-topics.sh."
  value       = local.topic_bootstrap_commands
}

output "configuration_server_properties" {
  description = "server.properties of the provisioned cluster's configuration."
  value       = local.server_properties
}
