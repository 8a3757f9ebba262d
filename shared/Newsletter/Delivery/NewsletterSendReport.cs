namespace CoP.Shared.Newsletter.Delivery;

/// <summary>An admin's decisions for batches the sender would not send again by itself.</summary>
public sealed record ResendChoices(bool Unknown = false, bool Refused = false)
{
    public static ResendChoices None { get; } = new();
}

/// <summary>What one run of the sender found and did; counts are recipients, not batches.</summary>
public sealed record NewsletterSendReport(
    int Accepted,
    int SentThisRun,
    int Refused,
    int Unknown,
    int NotAccepted,
    int Requests,
    IReadOnlyList<string> UnknownBatches,
    IReadOnlyList<string> RefusedBatches)
{
    /// <summary>Every subscriber's copy was accepted: nothing is left to send or to settle.</summary>
    public bool Complete => Refused == 0 && Unknown == 0 && NotAccepted == 0;
}
