# Builders of SBOM input documents for the policies' tests, in the shape
# engine/sbom produces (docs/sbom-input.md).
package paved.sbom.fixtures

# component(name, extra) is a complete library component, overridden by extra.
component(name, extra) := object.union({
	"bom_ref": name, "type": "library", "name": name, "group": "", "version": "1.0.0",
	"purl": sprintf("pkg:npm/%s@1.0.0", [name]), "purl_base": sprintf("pkg:npm/%s@1.0.0", [name]), "purl_valid": true,
	"cpe": "", "swid": "", "supplier": "Example Corp", "manufacturer": "", "publisher": "", "author": "",
	"scope": "required", "hashes": [{"alg": "SHA-256", "content": "00"}],
	"licenses": ["MIT"], "license_choices": [["MIT"]], "license_errors": [],
	"license_reading": {"as": "single", "basis": ""},
	"pointer": "/components/0", "parent": "", "depth": 1, "duplicate_of": "",
	"depends_on": [], "in_dependency_graph": true,
	"address": sprintf("pkg:npm/%s@1.0.0", [name]), "index": 0,
}, extra)

# doc(components, extra) is a complete, valid SBOM document, overridden by extra.
doc(components, extra) := object.union({
	"kind": "sbom", "path": "bom.json", "format": "CycloneDX", "encoding": "json", "spec_version": "1.5",
	"serial_number": "", "version": 1, "schema": "valid", "schema_errors": [], "decode_error": "",
	"metadata": {
		"timestamp": "2024-05-01T10:00:00Z", "timestamp_ns": time.now_ns() - ((24 * 3600) * 1000000000),
		"tools": [{"vendor": "anchore", "name": "syft", "version": "1.4.0"}],
		"authors": [], "supplier": null, "manufacturer": null, "component": null,
	},
	"components": components, "component_count": count(components),
	"dependencies": [{"ref": c.bom_ref, "depends_on": []} | some c in components],
	"dependency_graph": {"refs": count(components), "edges": 0, "cyclic": false, "unknown_refs": []},
	"vulnerabilities": [], "findings": [],
}, extra)

# finding(id, severity, state) is one (vulnerability, component) pair.
finding(id, severity, state) := {
	"address": sprintf("%s@pkg:npm/a@1.0.0", [id]), "id": id, "vulnerability": 0, "component": "pkg:npm/a@1.0.0",
	"ref": "a", "purl_base": "pkg:npm/a@1.0.0", "severity": severity, "score": 7.5, "state": state,
	"analysis": null,
}
