namespace CoP.Shared.Health;

/// <summary>Settings of the health endpoint (section <c>Health</c>).</summary>
public sealed class HealthOptions
{
    public const string SectionName = "Health";

    /// <summary>How long each storage check may take before storage counts as unreachable.</summary>
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
