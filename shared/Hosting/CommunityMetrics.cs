using System.Diagnostics.Metrics;
using CoP.Shared.Email.Queue;

namespace CoP.Shared.Hosting;

/// <summary>
/// The few counters that tell an operator whether the community works: sign-ups, confirmations, ballots, documents
/// published and rejected (by reason), newsletter recipients by outcome, transactional mails queued and poisoned.
/// Tags carry kinds and reasons only: never an id, an address or a name. Exported by the telemetry pipeline.
/// </summary>
public sealed class CommunityMetrics : IDisposable
{
    public const string MeterName = "CoP.Functions";

    /// <summary>Every meter of the app, for the telemetry pipeline.</summary>
    public static readonly string[] MeterNames = [MeterName, MailDeliveryService.MeterName];

    private readonly Meter _meter;

    public CommunityMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        Registrations = _meter.CreateCounter<long>("cop.registrations", description: "Registrations that created a pending member");
        Confirmations = _meter.CreateCounter<long>("cop.confirmations", description: "Registrations confirmed by their owner");
        Ballots = _meter.CreateCounter<long>("cop.ballots", description: "Ballots cast or replaced");
        DocumentsPublished = _meter.CreateCounter<long>("cop.documents.published", description: "Documents that entered the catalog");
        DocumentsRejected = _meter.CreateCounter<long>("cop.documents.rejected", description: "Uploads rejected, by reason");
        NewsletterRecipients = _meter.CreateCounter<long>("cop.newsletter.recipients", description: "Newsletter recipients, by outcome: accepted, refused, unknown");
        MailsQueued = _meter.CreateCounter<long>("cop.mail.queued", description: "Transactional mails queued, by kind");
    }

    public Counter<long> Registrations { get; }

    public Counter<long> Confirmations { get; }

    public Counter<long> Ballots { get; }

    public Counter<long> DocumentsPublished { get; }

    public Counter<long> DocumentsRejected { get; }

    public Counter<long> NewsletterRecipients { get; }

    public Counter<long> MailsQueued { get; }

    public void Dispose() => _meter.Dispose();
}
