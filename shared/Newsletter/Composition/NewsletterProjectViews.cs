using System.Globalization;
using CoP.Shared.Projects;

namespace CoP.Shared.Newsletter.Composition;

/// <summary>
/// What the newsletter templates read about the projects map, in one language: the new projects (every reader sees all
/// of them: there are few, and a new project anywhere is the community's news) and the progress notes a reader sees
/// (those on projects sharing a topic with them; all of them for a reader who follows none, and in the archive).
/// Every link is a project's public page or the map: the archive edition shows the same.
/// </summary>
internal static class NewsletterProjectViews
{
    /// <summary>
    /// The indexes in <see cref="NewsletterContent.ProjectUpdates"/> of the notes <paramref name="memberTopics"/> sees:
    /// those on projects sharing a topic with them and those on projects of no topic; every note when they follow none.
    /// </summary>
    public static List<int> Shown(NewsletterContent content, IReadOnlyList<string> memberTopics)
    {
        var followed = memberTopics.ToHashSet(StringComparer.Ordinal);
        return [.. Enumerable.Range(0, content.ProjectUpdates.Count)
            .Where(i => followed.Count == 0 || content.ProjectUpdates[i].Topics.Count == 0 || content.ProjectUpdates[i].Topics.Any(followed.Contains))];
    }

    public static List<ProjectView> NewProjects(NewsletterContent content, string language) =>
        [.. content.NewProjects.Select(p => new ProjectView(
            Pick(p.Titles, language),
            NewsletterViews.Excerpt(Pick(p.Summaries, language)) ?? "",
            Place(p),
            p.Url))];

    public static List<UpdateView> Updates(NewsletterContent content, IReadOnlyList<string> memberTopics, NewsletterViews.LanguageFormat format, string language) =>
        [.. Shown(content, memberTopics).Select(i => content.ProjectUpdates[i]).Select(note => new UpdateView(
            Pick(note.Titles, language),
            note.Date.ToString(format.DatePattern, format.Culture),
            NewsletterViews.Excerpt(note.Text) ?? "",
            note.Url))];

    // As Project.TextIn: the reader's language, else English, else the first given.
    private static string Pick(IReadOnlyDictionary<string, string> texts, string language) =>
        texts.TryGetValue(language, out var text) ? text
        : texts.TryGetValue(Project.DefaultLanguage, out var english) ? english
        : texts.Values.FirstOrDefault() ?? "";

    // The administrative area, then the countries by their English names (a code the runtime does not know stays a code).
    private static string Place(NewsletterProject p) =>
        string.Join(", ", new[] { p.AdministrativeArea }.Concat(p.Countries.Select(CountryName)).Where(part => !string.IsNullOrWhiteSpace(part)));

    private static string CountryName(string code)
    {
        try
        {
            return new RegionInfo(code).EnglishName;
        }
        catch (ArgumentException)
        {
            return code;
        }
    }

    internal sealed record ProjectView(string Title, string Summary, string Place, string Url);

    internal sealed record UpdateView(string ProjectTitle, string Date, string Text, string Url);
}
