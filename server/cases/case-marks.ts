// How a case ended, and the FIRST sharing marks: the Traffic Light Protocol (who may see it) and
// the Permissible Actions Protocol (what may be done with it). No imports: the schema and the UI share these.
export const CASE_RESOLUTIONS = ['truepositive', 'falsepositive', 'duplicate', 'benign', 'other'] as const;
export const TLP_MARKS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export const PAP_MARKS = ['clear', 'green', 'amber', 'red'] as const;
export type CaseResolution = (typeof CASE_RESOLUTIONS)[number];
export type Tlp = (typeof TLP_MARKS)[number];
export type Pap = (typeof PAP_MARKS)[number];

export const RESOLUTION_LABEL: Record<CaseResolution, string> = {
  truepositive: 'True positive',
  falsepositive: 'False positive',
  duplicate: 'Duplicate',
  benign: 'Benign (true positive, no harm)',
  other: 'Other',
};

/** How the mark reads in the room and in exports (TLP:AMBER+STRICT, PAP:RED). */
export const markLabel = (protocol: 'TLP' | 'PAP', mark: string) => `${protocol}:${mark.toUpperCase()}`;
