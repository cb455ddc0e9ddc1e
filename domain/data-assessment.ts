// The yearly data assessment each agency submits (HCMC 30/2026 art. 13): due by 15 December of the
// year it assesses. The dashboard scores it; the agency workspace says what is due.

export type AssessmentState = 'submitted' | 'late' | 'due' | 'missing';

/** The last day (YYYY-MM-DD) the assessment of `year` is on time. */
export function assessmentDeadline(year: number): string {
  return `${year}-12-15`;
}

/** The state of the assessment of `year`, submitted on `submitted` (YYYY-MM-DD) or not yet, on `today`. */
export function assessmentState(submitted: string | undefined, year: number, today: string): AssessmentState {
  const deadline = assessmentDeadline(year);
  if (submitted) return submitted <= deadline ? 'submitted' : 'late';
  return today <= deadline ? 'due' : 'missing';
}
