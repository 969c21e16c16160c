# METADATA
# title: EC2 instance and launch configuration volumes are encrypted
# description: |
#   The root and EBS volumes an aws_instance, or each instance an Auto
#   Scaling group starts from an aws_launch_configuration, creates are
#   unencrypted unless it asks for encryption (or the AMI's snapshots are encrypted),
#   so a forgotten root_block_device leaves the system disk, and everything
#   written to it, readable from any snapshot. EBS encryption by default in
#   the same configuration covers every volume; volumes restored from a
#   snapshot take its encryption; an instance launched from a launch
#   template without its own root_block_device gets its volumes from the
#   template, and is not judged here.
#
#   Peers: Checkov CKV_AWS_8 judges instances and launch configurations,
#   Trivy AVD-AWS-0131 instances. Both fail an instance launched from a
#   launch template without its own root_block_device; Checkov also fails
#   one covered by EBS encryption by default, and Trivy a device restored
#   from a snapshot. paved passes all three.
# custom:
#   id: TF-AWS-EBS-003
#   severity: high
#   kind: terraform
#   resource_types: [aws_instance, aws_launch_configuration]
#   controls: [CIS-AWS-2.2.1, NIST-800-53:SC-28, SOC2:CC6.1, PCI-DSS:3.5.1]
#   related: [CKV_AWS_8, AVD-AWS-0131]
#   remediation: |
#     Add root_block_device { encrypted = true } (and encrypted = true on
#     every ebs_block_device), or enable aws_ebs_encryption_by_default for the
#     account and region. With terraform-aws-modules/ec2-instance, pass
#     root_block_device = { encrypted = true }.
#   enforcement: deny
package paved.terraform.aws.ec2_block_device_encrypted

import data.paved.lib.tf

deny contains tf.result(i, sprintf("%s %s has no root_block_device, so its root volume is not encrypted", [label[i.type], i.address])) if {
	some type, _ in label
	some i in tf.resources(type)
	not default_encryption
	count(tf.blocks(i, "root_block_device")) == 0
	not tf.unknown_in_config(i, ["root_block_device"])
	count(tf.blocks(i, "launch_template")) == 0
	not tf.unknown_in_config(i, ["launch_template"])
}

deny contains tf.result_at(i, name, sprintf("%s %s: %s%s is not encrypted", [label[i.type], i.address, name, device(blk)])) if {
	some type, _ in label
	some i in tf.resources(type)
	not default_encryption
	some name in ["root_block_device", "ebs_block_device"]
	some n, blk in tf.blocks(i, name)
	u := tf.nested_unknown(object.get(i, "unknown", {}), name, n)
	not tf.is_true_value(object.get(blk, "encrypted", null))
	not u.encrypted == true
	not from_snapshot(blk, u)
}

label := {"aws_instance": "EC2 instance", "aws_launch_configuration": "Launch configuration"}

from_snapshot(blk, _) if {
	s := blk.snapshot_id
	is_string(s)
	s != ""
}

from_snapshot(_, u) if u.snapshot_id == true

device(blk) := sprintf(" %q", [blk.device_name]) if {
	is_string(blk.device_name)
} else := ""

# EBS encryption by default, enabled (its default) or maybe enabled.
default_encryption if {
	some e in tf.resources("aws_ebs_encryption_by_default")
	not tf.is_false_value(object.get(e.values, "enabled", null))
}
