using System.Globalization;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using CoP.Shared.Email;
using Fluid.Values;

namespace CoP.Shared.Newsletter.Composition;

/// <summary>
/// The places where one member edition of an issue takes each recipient's own links (unsubscribe, profile, a vote
/// link per open poll), each held by a marker that the sender replaces per recipient: SendGrid through the
/// personalizations' <c>substitutions</c> (one request per batch, every copy from one body), the outbox and the
/// preview through <see cref="NewsletterMessages.Substitute(ComposedEmail, IReadOnlyDictionary{string, string})"/>.
/// <para>
/// Substitution replaces a marker wherever it occurs in the copy, text that members and operators typed included.
/// A fixed marker (as <c>-cop-profile-</c> once was) can be typed into a document's description by anyone, and
/// every subscriber's copy would then carry their personal link wherever that text points. So each composition
/// draws its own markers, 128 random bits each, once the content (every text typed into it) is fixed:
/// no text can hold them except by a 2^-128 guess. The template writes them only through the values the
/// composer puts into its slots (<see cref="SlotWriter"/>), and the composer checks that each marker occurs in
/// the composed copy exactly as often as the template wrote it; anything else is a bug and throws.
/// </para>
/// <para>
/// Markers never outlive their composition: a composed copy is never stored (the content is, and the ledger keeps
/// only ids and states), each batch request carries the body it was composed with together with the
/// substitutions for the same markers, and a later run composes again with new ones. The archive edition has no
/// slots; the preview and the outbox replace the markers before anyone sees the copy.
/// </para>
/// </summary>
public sealed class NewsletterSlots
{
    /// <summary>What every marker starts with: it tells a reader of a raw request what the random part is.</summary>
    internal const string MarkerPrefix = "cop-slot-";

    private const int MarkerHexDigits = 32;

    internal NewsletterSlots(string unsubscribe, string profile, IReadOnlyDictionary<string, string> votes)
    {
        Unsubscribe = unsubscribe;
        Profile = profile;
        Votes = votes;

        // Substitution replaces each key everywhere, in no set order: one marker inside another would break both.
        var markers = Named.Select(slot => slot.Marker).ToList();
        if (markers.Any(string.IsNullOrEmpty)
            || markers.Any(marker => markers.Count(other => other.Contains(marker, StringComparison.OrdinalIgnoreCase)) > 1))
        {
            throw new ArgumentException("Slot markers must be distinct, and none may contain another.", nameof(votes));
        }
    }

    /// <summary>The marker of the member's unsubscribe link.</summary>
    public string Unsubscribe { get; }

    /// <summary>The marker of the member's profile (access) link.</summary>
    public string Profile { get; }

    /// <summary>The marker of the member's vote link, by open poll id.</summary>
    public IReadOnlyDictionary<string, string> Votes { get; }

    /// <summary>Each marker with the name of its slot, for the composer's check and its error messages.</summary>
    internal IEnumerable<(string Marker, string Slot)> Named =>
        [(Unsubscribe, "unsubscribe"), (Profile, "profile"), .. Votes.Select(vote => (vote.Value, $"vote ({vote.Key})"))];

    /// <summary>Fresh markers for a composition of <paramref name="content"/>: one per slot kind and open poll.</summary>
    internal static NewsletterSlots Draw(NewsletterContent content) => new(
        NewMarker(),
        NewMarker(),
        content.OpenPolls.Select(poll => poll.PollId).Distinct(StringComparer.Ordinal).ToDictionary(id => id, _ => NewMarker(), StringComparer.Ordinal));

    /// <summary>One recipient's substitutions: each marker with the link it stands for.</summary>
    public Dictionary<string, string> Fill(string unsubscribeUrl, string profileUrl, Func<string, string> voteUrl)
    {
        ArgumentNullException.ThrowIfNull(voteUrl);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Unsubscribe] = unsubscribeUrl,
            [Profile] = profileUrl,
        };
        foreach (var (pollId, marker) in Votes)
        {
            values[marker] = voteUrl(pollId);
        }

        return values;
    }

    // Lower-case hex and dashes: nothing that HTML or JSON encoding changes, so the marker reaches SendGrid as written.
    private static string NewMarker() => MarkerPrefix + RandomNumberGenerator.GetHexString(MarkerHexDigits, lowercase: true);
}

/// <summary>An issue as composed for members: its links are the markers of <see cref="Slots"/>, filled per recipient.</summary>
public sealed record MemberEdition(ComposedEmail Email, NewsletterSlots Slots);

/// <summary>
/// The composer's side of the slots during one composition: the values it hands the template for its link slots,
/// which count how often the template writes each marker, and the check of the composed copy against that count.
/// A filter applied to a slot (<c>| append</c>, <c>| upcase</c>) turns it into a plain string that is not counted,
/// so the check refuses such a template too rather than send a marker that substitution would not find.
/// </summary>
internal sealed class SlotWriter(NewsletterSlots slots)
{
    private readonly Dictionary<string, int> _written = new(StringComparer.Ordinal);

    public NewsletterSlots Slots { get; } = slots;

    public FluidValue Value(string marker) => new SlotValue(marker, this);

    /// <summary>
    /// Throws unless every marker occurs in <paramref name="email"/> exactly as often as the template wrote it.
    /// Occurrences are counted regardless of case, so that the check is no weaker than any substitution.
    /// </summary>
    public void Verify(ComposedEmail email)
    {
        foreach (var (marker, slot) in Slots.Named)
        {
            var found = Occurrences(email.Subject, marker) + Occurrences(email.HtmlBody, marker) + Occurrences(email.TextBody, marker);
            var written = _written.GetValueOrDefault(marker);
            if (found != written)
            {
                throw new InvalidOperationException(
                    $"The marker of the newsletter's {slot} slot occurs {found} times in the composed issue, but the template wrote it {written} times. The issue is not sent.");
            }
        }
    }

    private void Count(string marker) => _written[marker] = _written.GetValueOrDefault(marker) + 1;

    private static int Occurrences(string text, string marker)
    {
        var count = 0;
        for (var index = text.IndexOf(marker, StringComparison.OrdinalIgnoreCase); index >= 0; index = text.IndexOf(marker, index + marker.Length, StringComparison.OrdinalIgnoreCase))
        {
            count++;
        }

        return count;
    }

    /// <summary>A slot's marker as the template sees it: a string that counts each time it is written out.</summary>
    private sealed class SlotValue(string marker, SlotWriter writer) : FluidValue
    {
        public override FluidValues Type => FluidValues.String;

        public override bool Equals(FluidValue other) => other is not null && other.Type == FluidValues.String && other.ToStringValue() == marker;

        public override bool ToBooleanValue() => true;

        public override decimal ToNumberValue() => 0;

        public override string ToStringValue() => marker;

        public override object ToObjectValue() => marker;

        public override ValueTask WriteToAsync(TextWriter output, TextEncoder encoder, CultureInfo cultureInfo)
        {
            ArgumentNullException.ThrowIfNull(output);
            ArgumentNullException.ThrowIfNull(encoder);
            writer.Count(marker);
            output.Write(encoder.Encode(marker));
            return default;
        }
    }
}
