export type PasswordPolicy = { minLength: number; minClasses: number };

/** MLPS level 3 (GB/T 22239-2019 8.1.4.1): complex passwords; ≥ 10 characters of 3 of 4 classes. */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: 10, minClasses: 3 };

export function passwordProblems(
  password: string,
  policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY,
): string[] {
  const problems: string[] = [];
  if ([...password].length < policy.minLength) problems.push(`密码至少 ${policy.minLength} 位`);
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((pattern) => pattern.test(password)).length;
  if (classes < policy.minClasses) {
    problems.push(`密码需包含小写字母、大写字母、数字、符号中的至少 ${policy.minClasses} 类`);
  }
  return problems;
}
