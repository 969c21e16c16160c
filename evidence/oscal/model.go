package oscal

// The part of the OSCAL 1.0.6 assessment-results model paved writes. Field
// order follows the schema's, so documents read like NIST's examples.

// OSCALVersion is the OSCAL version paved emits and validates against.
const OSCALVersion = "1.0.6"

// Namespace is where the props paved defines live.
const Namespace = "https://paved.dev/ns/oscal"

type prop struct {
	Name  string `json:"name"`
	NS    string `json:"ns"`
	Value string `json:"value"`
}

type link struct {
	Href      string `json:"href"`
	Rel       string `json:"rel,omitempty"`
	MediaType string `json:"media-type,omitempty"`
	Text      string `json:"text,omitempty"`
}

type role struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
}

type party struct {
	UUID string `json:"uuid"`
	Type string `json:"type"`
	Name string `json:"name"`
}

type metadata struct {
	Title        string  `json:"title"`
	LastModified string  `json:"last-modified"`
	Version      string  `json:"version"`
	OSCALVersion string  `json:"oscal-version"`
	Props        []prop  `json:"props,omitempty"`
	Roles        []role  `json:"roles,omitempty"`
	Parties      []party `json:"parties,omitempty"`
	Remarks      string  `json:"remarks,omitempty"`
}

type importAP struct {
	Href    string `json:"href"`
	Remarks string `json:"remarks,omitempty"`
}

type status struct {
	State   string `json:"state"`
	Remarks string `json:"remarks,omitempty"`
}

type component struct {
	UUID        string `json:"uuid"`
	Type        string `json:"type"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Props       []prop `json:"props,omitempty"`
	Status      status `json:"status"`
}

type usesComponent struct {
	ComponentUUID string `json:"component-uuid"`
}

type platform struct {
	UUID           string          `json:"uuid"`
	Title          string          `json:"title,omitempty"`
	UsesComponents []usesComponent `json:"uses-components,omitempty"`
}

type assessmentAssets struct {
	Components []component `json:"components,omitempty"`
	Platforms  []platform  `json:"assessment-platforms"`
}

type inventoryItem struct {
	UUID        string `json:"uuid"`
	Description string `json:"description"`
	Props       []prop `json:"props,omitempty"`
	Remarks     string `json:"remarks,omitempty"`
}

type localDefinitions struct {
	InventoryItems []inventoryItem   `json:"inventory-items,omitempty"`
	Assets         *assessmentAssets `json:"assessment-assets,omitempty"`
}

type selectControl struct {
	ControlID string `json:"control-id"`
}

type controlSelection struct {
	Props           []prop          `json:"props,omitempty"`
	Links           []link          `json:"links,omitempty"`
	IncludeControls []selectControl `json:"include-controls,omitempty"`
	Remarks         string          `json:"remarks,omitempty"`
}

type reviewedControls struct {
	ControlSelections []controlSelection `json:"control-selections"`
}

type actor struct {
	Type      string `json:"type"`
	ActorUUID string `json:"actor-uuid"`
	RoleID    string `json:"role-id,omitempty"`
}

type origin struct {
	Actors []actor `json:"actors"`
}

type subjectRef struct {
	SubjectUUID string `json:"subject-uuid"`
	Type        string `json:"type"`
	Title       string `json:"title,omitempty"`
	Props       []prop `json:"props,omitempty"`
}

type evidence struct {
	Href        string `json:"href,omitempty"`
	Description string `json:"description"`
	Props       []prop `json:"props,omitempty"`
}

type activity struct {
	UUID            string            `json:"uuid"`
	Title           string            `json:"title,omitempty"`
	Description     string            `json:"description"`
	Props           []prop            `json:"props,omitempty"`
	RelatedControls *reviewedControls `json:"related-controls,omitempty"`
	Remarks         string            `json:"remarks,omitempty"`
}

type documentDefinitions struct {
	Activities []activity `json:"activities,omitempty"`
}

type observation struct {
	UUID             string       `json:"uuid"`
	Title            string       `json:"title,omitempty"`
	Description      string       `json:"description"`
	Props            []prop       `json:"props,omitempty"`
	Links            []link       `json:"links,omitempty"`
	Methods          []string     `json:"methods"`
	Types            []string     `json:"types,omitempty"`
	Origins          []origin     `json:"origins,omitempty"`
	Subjects         []subjectRef `json:"subjects,omitempty"`
	RelevantEvidence []evidence   `json:"relevant-evidence,omitempty"`
	Collected        string       `json:"collected"`
	Remarks          string       `json:"remarks,omitempty"`
}

type targetStatus struct {
	State   string `json:"state"`
	Reason  string `json:"reason,omitempty"`
	Remarks string `json:"remarks,omitempty"`
}

type findingTarget struct {
	Type        string       `json:"type"`
	TargetID    string       `json:"target-id"`
	Title       string       `json:"title,omitempty"`
	Description string       `json:"description,omitempty"`
	Props       []prop       `json:"props,omitempty"`
	Links       []link       `json:"links,omitempty"`
	Status      targetStatus `json:"status"`
}

type relatedObservation struct {
	ObservationUUID string `json:"observation-uuid"`
}

type relatedRisk struct {
	RiskUUID string `json:"risk-uuid"`
}

type finding struct {
	UUID                string               `json:"uuid"`
	Title               string               `json:"title"`
	Description         string               `json:"description"`
	Props               []prop               `json:"props,omitempty"`
	Origins             []origin             `json:"origins,omitempty"`
	Target              findingTarget        `json:"target"`
	RelatedObservations []relatedObservation `json:"related-observations,omitempty"`
	RelatedRisks        []relatedRisk        `json:"related-risks,omitempty"`
}

type response struct {
	UUID        string   `json:"uuid"`
	Lifecycle   string   `json:"lifecycle"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Props       []prop   `json:"props,omitempty"`
	Origins     []origin `json:"origins,omitempty"`
}

type risk struct {
	UUID                string               `json:"uuid"`
	Title               string               `json:"title"`
	Description         string               `json:"description"`
	Statement           string               `json:"statement"`
	Props               []prop               `json:"props,omitempty"`
	Status              string               `json:"status"`
	Origins             []origin             `json:"origins,omitempty"`
	Deadline            string               `json:"deadline,omitempty"`
	Remediations        []response           `json:"remediations,omitempty"`
	RelatedObservations []relatedObservation `json:"related-observations,omitempty"`
}

type hash struct {
	Algorithm string `json:"algorithm"`
	Value     string `json:"value"`
}

type rlink struct {
	Href      string `json:"href"`
	MediaType string `json:"media-type,omitempty"`
	Hashes    []hash `json:"hashes,omitempty"`
}

type resource struct {
	UUID        string  `json:"uuid"`
	Title       string  `json:"title,omitempty"`
	Description string  `json:"description,omitempty"`
	Props       []prop  `json:"props,omitempty"`
	Rlinks      []rlink `json:"rlinks,omitempty"`
	Remarks     string  `json:"remarks,omitempty"`
}

type backMatter struct {
	Resources []resource `json:"resources,omitempty"`
}
