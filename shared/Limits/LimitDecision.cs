namespace CoP.Shared.Limits;

/// <summary>Which limit refused a request; for logs and metrics only, never for the answer.</summary>
public enum LimitKind
{
    /// <summary>Not limited.</summary>
    None,

    /// <summary>The client made <see cref="LimitsOptions.PerClientPerHour"/> requests this hour.</summary>
    PerClient,

    /// <summary>All clients together made <see cref="LimitsOptions.GlobalMailsPerHour"/> requests this hour.</summary>
    GlobalMail,

    /// <summary>
    /// The counters changed under the request on every attempt: a burst far above the limits. Refused like the others,
    /// because letting it through unchecked is what the limits are there to prevent.
    /// </summary>
    Contention,
}

/// <summary>
/// The outcome of <see cref="RequestLimiter.TryAcquireAsync"/>: allowed, or limited until <see cref="RetryAfter"/> has
/// passed (the end of the hour window, whichever limit was hit, so the answer tells a client nothing about the others).
/// </summary>
public sealed record LimitDecision(LimitKind Limit, TimeSpan RetryAfter)
{
    public static LimitDecision Allowed { get; } = new(LimitKind.None, TimeSpan.Zero);

    public bool IsAllowed => Limit == LimitKind.None;

    public static LimitDecision Limited(LimitKind limit, TimeSpan retryAfter) => new(limit, retryAfter);
}
