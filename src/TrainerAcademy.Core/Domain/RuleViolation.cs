namespace TrainerAcademy.Domain;

/// <summary>
/// A business rule the caller broke. <see cref="Code"/> is stable and doubles as the key of the
/// localized message; <see cref="Exception.Message"/> is the English fallback.
/// </summary>
public class RuleViolation(string code, string message, string? field = null) : Exception(message)
{
    public string Code { get; } = code;

    /// <summary>The input the rule is about, when there is one, so a form can show the error beside it.</summary>
    public string? Field { get; } = field;
}

/// <summary>A rule that conflicts with the current state (full cohort, stale revision): HTTP 409.</summary>
public class ConflictViolation(string code, string message, string? field = null) : RuleViolation(code, message, field);

/// <summary>
/// Several broken rules found together (the lines of an imported file), reported at once so the caller can fix them all;
/// <see cref="Errors"/> maps each input (e.g. "line 12") to its messages.
/// </summary>
public class RuleViolations(string code, string message, IReadOnlyList<RuleViolations.Error> errors) : RuleViolation(code, message)
{
    public sealed record Error(string Field, RuleViolation Violation);

    public IReadOnlyList<Error> Errors { get; } = errors;
}
/// <summary>A rule about something whose time has passed (an exam window or an attempt's deadline): HTTP 410.</summary>
public class GoneViolation(string code, string message, string? field = null) : RuleViolation(code, message, field);
