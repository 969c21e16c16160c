// Package terraform loads Terraform configurations and plans into paved
// targets: one input document per root module or plan, in the shape
// docs/terraform-input.md defines, so one policy judges both sources.
//
// # What is a target
//
// Load takes a directory, a .tf or .tf.json file, or a plan (JSON detected
// by content, see IsPlan). A directory is walked (skipping hidden
// directories such as .git and .terraform, and node_modules); every
// directory holding .tf or .tf.json files is a module, and every module is a
// target unless another scanned module uses it as a local module source:
// such a module is judged through its callers, with the values they pass. A
// module reachable only through a cycle of calls is a target anyway, so
// everything is judged somewhere. JSON files in the walk that are plans are
// targets too. A single file names the module of its directory (or the
// plan), whoever calls it.
//
// IDs and every file path in documents and resources are slash paths
// relative to the scanned directory ("." for the directory itself); for a
// single-file argument the ID is the module directory (or plan file) as the
// user wrote it. Reads are confined to the enclosing repository (the nearest
// directory with .git, else the scanned directory) through os.Root: a module
// in examples/x may call "../../", but neither a symlink nor a module source
// leads out of the tree. Each file is bounded by Options.MaxFileSize.
//
// # Evaluation
//
// Configurations are evaluated with hashicorp/hcl/v2 and cty the way
// Terraform would before apply, without provider schemas: native syntax
// tells attributes from blocks by itself; in .tf.json a property whose value
// is an object, or an array of objects, is a nested block, unless its name is
// a well-known map argument (tags, labels, variables, triggers… see
// jsonMapAttributes), and "dynamic" holds dynamic blocks as in Terraform.
//
//   - Variables: defaults; for root modules terraform.tfvars,
//     terraform.tfvars.json, *.auto.tfvars(.json) in lexical order, then
//     Options.VarFiles, then Options.Vars; for child modules the module
//     block's arguments, evaluated in the caller. Types (with optional
//     attributes and their defaults) are applied when the value converts.
//     A root variable without a value is unknown.
//   - locals, module calls and outputs are evaluated on demand, in
//     dependency order; a cycle is unknown. path.module is relative to the
//     root module, path.root and path.cwd are ".", terraform.workspace is
//     "default".
//   - Terraform's functions, from cty's stdlib where it agrees with
//     Terraform, reimplemented where it does not (coalesce, index, length,
//     replace with /regex/, cidr*, hashes, yaml…). file and templatefile read
//     only inside the root module's or a used module's directory; timestamp,
//     uuid and the like are unknown.
//   - count, for_each and dynamic blocks are expanded, local modules too
//     (with their instance keys in addresses), up to 10 levels deep. An
//     unknown count or for_each yields one instance with index null and
//     unknown_instances true; an unknown dynamic for_each makes the block
//     unknown.
//   - Anything that cannot be known before apply — another resource's
//     attribute, a data source, an unset root variable, a provider function,
//     an evaluation error — is unknown, never an error, and only it: unknown
//     attributes are absent from values and true in the unknown mirror; the
//     known members of a partly unknown object or map, and the known elements
//     of a list (an unknown one is null, true in a mirror list), are kept. A
//     string built as JSON (jsonencode, a JSON template) around values not
//     known before apply is decoded, its unknown parts marked the same way
//     (partial.go), so a policy sees the "*" beside an interpolated ARN.
//     null attributes are unset and absent. Meta-arguments (count, for_each,
//     depends_on, provider, provisioner, connection) are not values;
//     lifecycle is.
//   - What Terraform itself rejects is not unknown but a diagnostic
//     (validate.go, checked once per module): references to undeclared
//     variables, locals, module calls or local modules' outputs, identifiers
//     that are no reference root, count, each and self out of their blocks,
//     functions Terraform does not have. A reference to a resource or data
//     source the module does not declare (a fragment) stays unknown, with a
//     warning to Options.Logger.
//   - references name the resources and data sources behind each top-level
//     attribute or block, with the instance key when its index evaluates. They
//     are followed through locals, module inputs and module outputs, so a
//     resource whose bucket is module.s3.id refers to module.s3's bucket.
//
// Remote modules (registry, git, http, s3, gcs) are listed in module_calls
// with resolved false. Override files (override.tf, *_override.tf) are
// merged as Terraform merges them.
//
// # Plans
//
// A plan's values come from planned_values, and for data sources read while
// planning from prior_state (null members dropped, so unset reads the same
// as in a configuration), unknown from each resource change's
// after_unknown (false leaves dropped), references from the configuration's
// expressions (resource references only, attribute suffixes stripped, module
// prefix added; a plan does not show what flows through locals or modules).
// Resources being deleted are left out. terraform_blocks and providers come
// from provider_config; a plan does not record required_version or the
// backend, so those read "" and null. Plan module calls are resolved: their
// contents are in the plan.
//
// # Errors and bounds
//
// Syntax errors, malformed blocks, duplicate declarations, references
// Terraform rejects, module cycles, missing local modules, oversize files, expansions beyond 10,000 instances
// (or 200,000 per target) and for expressions iterating more than 250,000
// times per target are engine.Diagnostics located at file:line:col, returned
// with the targets that did load; a target touched by one is not returned,
// so a half-read configuration never passes. Parsers recurse per nesting
// level, so sources nesting deeper than 500 levels are refused before
// parsing; functions that could build huge values (setproduct, replace,
// join, format widths) are bounded. A cancelled context ends the load with
// the context's error, not with diagnostics.
//
// # Performance
//
// Each module directory is read and parsed once per Load, however many
// targets call it (examples calling "../../"), and analysed once (what each
// expression needs from its scope). Modules are parsed, then targets
// evaluated, on a pool of GOMAXPROCS goroutines; each target is evaluated on
// one goroutine. HCL parsing is the larger part of a load.
package terraform
