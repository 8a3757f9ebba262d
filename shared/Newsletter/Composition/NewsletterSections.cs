namespace CoP.Shared.Newsletter.Composition;

/// <summary>
/// The document sections of one member's issue, in the member's order: the topics they follow first, then the others,
/// each in catalog order (<see cref="NewsletterContent.Topics"/>), then documents of no known topic. A document appears
/// once, under the first topic in catalog order that the member follows, else under its first topic in catalog order.
/// Empty sections are left out.
/// </summary>
internal static class NewsletterSections
{
    // Not a valid topic slug, so it can never collide with one in a variant key.
    private const string OtherSectionKey = "*";

    /// <summary>The sections of <paramref name="content"/> for a member who follows <paramref name="memberTopics"/>.</summary>
    public static List<Section> Arrange(NewsletterContent content, IReadOnlyList<string> memberTopics)
    {
        var followed = memberTopics.ToHashSet(StringComparer.Ordinal);
        var catalogIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < content.Topics.Count; i++)
        {
            catalogIndex.TryAdd(content.Topics[i].Slug, i);
        }

        var byTopic = new List<int>[content.Topics.Count];
        var other = new List<int>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var d = 0; d < content.Documents.Count; d++)
        {
            var document = content.Documents[d];
            if (!seen.Add(document.DocumentId))
            {
                continue;
            }

            int? first = null, firstFollowed = null;
            foreach (var slug in document.Topics)
            {
                if (catalogIndex.TryGetValue(slug, out var index))
                {
                    first = Math.Min(first ?? index, index);
                    if (followed.Contains(slug))
                    {
                        firstFollowed = Math.Min(firstFollowed ?? index, index);
                    }
                }
            }

            if ((firstFollowed ?? first) is { } home)
            {
                (byTopic[home] ??= []).Add(d);
            }
            else
            {
                other.Add(d);
            }
        }

        var sections = Enumerable.Range(0, content.Topics.Count)
            .Where(i => byTopic[i] is not null)
            .OrderBy(i => followed.Contains(content.Topics[i].Slug) ? 0 : 1)
            .ThenBy(i => i)
            .Select(i => new Section(content.Topics[i], byTopic[i]))
            .ToList();
        if (other.Count > 0)
        {
            sections.Add(new Section(null, other));
        }

        return sections;
    }

    /// <summary>The part of a variant key that one section contributes: its topic and the indexes of its documents.</summary>
    public static string Key(Section section) =>
        $"{section.Topic?.Slug ?? OtherSectionKey}:{string.Join(',', section.DocumentIndexes)}";

    /// <summary>A topic (null: documents of no known topic) and the indexes in <see cref="NewsletterContent.Documents"/> of its documents.</summary>
    internal sealed record Section(NewsletterTopic? Topic, List<int> DocumentIndexes);
}
