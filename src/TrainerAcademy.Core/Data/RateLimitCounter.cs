namespace TrainerAcademy.Data;

/// <summary>
/// The requests one client made under one rate-limit policy in one fixed window, counted in the database so that several
/// instances of the platform share one limit (<c>RateLimits:Store</c> = <c>Database</c>).
/// </summary>
public class RateLimitCounter
{
    public const int MaxKey = 200;

    private RateLimitCounter() { }

    /// <summary>Policy, client address and the window's start, as <c>verify|203.0.113.7|29547890</c>.</summary>
    public string Key { get; private set; } = "";

    public int Count { get; private set; }

    /// <summary>When the window ends, in Unix seconds: a row past it is deleted by the next new window.</summary>
    public long ExpiresAt { get; private set; }
}
