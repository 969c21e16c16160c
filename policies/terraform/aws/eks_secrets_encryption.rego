# METADATA
# title: EKS clusters encrypt Kubernetes secrets with a KMS key
# description: |
#   Without an encryption_config for "secrets", Kubernetes Secrets are stored in
#   etcd without envelope encryption under a KMS key you control, so anyone who
#   reads an etcd snapshot or backup reads every secret.
# custom:
#   id: TF-AWS-EKS-002
#   severity: high
#   kind: terraform
#   resource_types: [aws_eks_cluster]
#   controls: [CIS-EKS-5.3.1, NIST-800-53:SC-28, NIST-800-53:SC-12, SOC2:CC6.1]
#   related: [CKV_AWS_58, AVD-AWS-0039]
#   remediation: |
#     Add an encryption_config block with resources = ["secrets"] and
#     provider { key_arn = <KMS key ARN> } (terraform-aws-modules/eks: keep
#     encryption_config at its default or set create_kms_key).
#   enforcement: deny
package paved.terraform.aws.eks_secrets_encryption

import data.paved.lib.tf

deny contains tf.result_at(c, "encryption_config", msg) if {
	some c in tf.resources("aws_eks_cluster")
	not tf.is_unknown(c, ["encryption_config"])
	not tf.is_unknown_anywhere(c, ["encryption_config", "resources"])
	not secrets_encrypted(c)
	msg := sprintf("EKS cluster %s does not envelope-encrypt Kubernetes secrets (no encryption_config with resources = [\"secrets\"])", [c.address])
}

deny contains tf.result_at(c, "encryption_config", msg) if {
	some c in tf.resources("aws_eks_cluster")
	some n, cfg in tf.blocks(c, "encryption_config")
	"secrets" in object.get(cfg, "resources", [])
	not has_key(cfg, tf.nested_unknown(object.get(c, "unknown", {}), "encryption_config", n))
	msg := sprintf("EKS cluster %s lists secrets in encryption_config but names no KMS key to encrypt them with (provider.key_arn is unset)", [c.address])
}

secrets_encrypted(c) if {
	some cfg in tf.blocks(c, "encryption_config")
	"secrets" in object.get(cfg, "resources", [])
}

# has_key(cfg, u): the encryption_config names a KMS key, or one not known
# before apply (u mirrors cfg's unknown values).
has_key(cfg, _) if {
	some prov in tf.as_list(object.get(cfg, "provider", null))
	is_string(prov.key_arn)
	prov.key_arn != ""
}

has_key(_, u) if u.provider == true

has_key(_, u) if {
	some prov in tf.as_list(object.get(u, "provider", null))
	prov.key_arn == true
}
