using CoP.Shared.Members;
using CoP.Shared.Newsletter.Composition;

namespace CoP.Shared.Newsletter.Delivery;

/// <summary>A subscriber waiting for a batch: only id, link generation and address; their links are made at sending time.</summary>
public sealed record WaitingRecipient(string MemberId, int Generation, string Email);

/// <summary>
/// A batch as planned: its id, the variant (language and topic order) that every recipient in it gets, with the
/// audience of the first subscriber seen in that variant (the edition is composed for it), and its recipients.
/// </summary>
public sealed record PlannedBatch(string BatchId, string VariantKey, NewsletterAudience Audience, IReadOnlyList<WaitingRecipient> Recipients);

/// <summary>
/// Groups the subscribers of one run into batches, without any I/O. Subscribers come in one at a time, as the member
/// pages are read; those who do not receive the newsletter, and those the ledger already shows as served, are left
/// out. The others wait by variant until their variant has <c>batchSize</c> of them. Many small variants (languages ×
/// topic orders) must not hold every subscriber until the end: past <c>maxWaiting</c> waiting recipients, the fullest
/// variant goes out as a smaller batch. Once every subscriber was added, <see cref="Remaining"/> gives the rest.
/// </summary>
public sealed class BatchPlanner
{
    /// <summary>How many recipients may wait in unfinished batches before the fullest one is sent as it is.</summary>
    public const int MaxWaitingRecipients = 20_000;

    private readonly Dictionary<string, Variant> _variants = new(StringComparer.Ordinal);
    private readonly int _batchSize;
    private readonly IReadOnlySet<string> _served;
    private readonly Func<NewsletterAudience, string> _variantKey;
    private readonly int _maxWaiting;
    private int _waiting;

    /// <param name="batchSize">The most recipients in one batch (one provider request).</param>
    /// <param name="served">Members the ledger shows as served: their copy is not sent again.</param>
    /// <param name="variantKey">The variant of an audience: audiences with the same key get the same edition.</param>
    /// <param name="maxWaiting">Waiting recipients that make the fullest variant go out; at least <paramref name="batchSize"/>.</param>
    public BatchPlanner(int batchSize, IReadOnlySet<string> served, Func<NewsletterAudience, string> variantKey, int maxWaiting = MaxWaitingRecipients)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _batchSize = batchSize;
        _served = served;
        _variantKey = variantKey;
        _maxWaiting = Math.Max(batchSize, maxWaiting);
    }

    /// <summary>Takes one subscriber; returns the batch that became ready with them, if any.</summary>
    public PlannedBatch? Add(MemberEntity member)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (!member.ReceivesNewsletter || _served.Contains(member.MemberId))
        {
            return null;
        }

        var audience = new NewsletterAudience(member.Language, member.Topics.Split(',', StringSplitOptions.RemoveEmptyEntries));
        var key = _variantKey(audience);
        if (!_variants.TryGetValue(key, out var variant))
        {
            variant = new Variant(key, audience);
            _variants[key] = variant;
        }

        variant.Recipients.Add(new WaitingRecipient(member.MemberId, member.LinkGeneration, member.Email));
        _waiting++;
        if (variant.Recipients.Count == _batchSize)
        {
            return Take(variant);
        }

        return _waiting > _maxWaiting ? Take(_variants.Values.MaxBy(v => v.Recipients.Count) ?? variant) : null;
    }

    /// <summary>The batches left once every subscriber was added: one per variant that still has recipients waiting.</summary>
    public IReadOnlyList<PlannedBatch> Remaining() => [.. _variants.Values.Where(v => v.Recipients.Count > 0).ToList().Select(Take)];

    private PlannedBatch Take(Variant variant)
    {
        var batch = new PlannedBatch(Guid.NewGuid().ToString("N")[..16], variant.Key, variant.Audience, variant.Recipients);
        variant.Recipients = [];
        _waiting -= batch.Recipients.Count;
        return batch;
    }

    private sealed class Variant(string key, NewsletterAudience audience)
    {
        public string Key { get; } = key;

        public NewsletterAudience Audience { get; } = audience;

        public List<WaitingRecipient> Recipients { get; set; } = [];
    }
}
