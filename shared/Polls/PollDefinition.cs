namespace CoP.Shared.Polls;

/// <summary>A poll as an operator posts it; <see cref="PollRules.Validate"/> turns it into a <see cref="Poll"/>.</summary>
public sealed class PollDefinition
{
    public string? Question { get; init; }
    public string? Description { get; init; }
    public List<PollOptionDefinition?>? Options { get; init; }
    public string? Kind { get; init; }
    public int? MinChoices { get; init; }
    public int? MaxChoices { get; init; }
    public DateTimeOffset? OpensAt { get; init; }
    public DateTimeOffset? ClosesAt { get; init; }
    public string? ResultsVisibility { get; init; }
    public int? MinBallots { get; init; }

    /// <summary>Only members who confirmed their registration before this moment may vote; the opening time when absent.</summary>
    public DateTimeOffset? EligibleConfirmedBefore { get; init; }
}

public sealed class PollOptionDefinition
{
    public string? Id { get; init; }
    public string? Label { get; init; }
    public string? Topic { get; init; }
}
