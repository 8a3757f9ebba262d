using System.Text.Json;
using System.Text.RegularExpressions;
using CoP.TestSupport;

namespace CoP.Tests.Browser;

/// <summary>
/// One mail as one recipient gets it, read from a request the fake SendGrid accepted: the message's subject and
/// bodies with the recipient's personalization's substitutions applied (the newsletter's links are substitutions).
/// </summary>
public sealed partial record SentMail(string To, string Subject, string Text, string Html, IReadOnlyList<string> Categories)
{
    /// <summary>The files the mail carried (a calendar invitation, say): name, media type and content as text.</summary>
    public IReadOnlyList<(string FileName, string Type, string Content)> Attachments { get; init; } = [];

    /// <summary>The first link in the mail to <paramref name="route"/> (e.g. "/api/unsubscribe"), whatever its query.</summary>
    public Uri Link(string route)
    {
        foreach (Match match in Links().Matches(Text + "\n" + Html))
        {
            var link = new Uri(System.Net.WebUtility.HtmlDecode(match.Value));
            if (link.AbsolutePath.EndsWith(route, StringComparison.Ordinal))
            {
                return link;
            }
        }

        throw new InvalidOperationException($"No link to {route} in the mail \"{Subject}\" to {To}.");
    }

    public static IEnumerable<SentMail> From(RecordedSendGridRequest request)
    {
        if (request.Json is not { } json)
        {
            yield break;
        }

        var categories = json.TryGetProperty("categories", out var list) ? list.EnumerateArray().Select(c => c.GetString()!).ToList() : [];
        var text = Content(json, "text/plain");
        var html = Content(json, "text/html");
        var subject = json.TryGetProperty("subject", out var s) ? s.GetString() ?? "" : "";
        List<(string, string, string)> attachments = json.TryGetProperty("attachments", out var files)
            ? [.. files.EnumerateArray().Select(a => (
                a.GetProperty("filename").GetString() ?? "",
                a.GetProperty("type").GetString() ?? "",
                System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(a.GetProperty("content").GetString() ?? ""))))]
            : [];
        foreach (var personalization in json.GetProperty("personalizations").EnumerateArray())
        {
            var substitutions = personalization.TryGetProperty("substitutions", out var values)
                ? values.EnumerateObject().Select(p => (p.Name, Value: p.Value.GetString() ?? "")).ToList()
                : [];
            foreach (var to in personalization.GetProperty("to").EnumerateArray())
            {
                yield return new SentMail(
                    to.GetProperty("email").GetString()!,
                    Substitute(personalization.TryGetProperty("subject", out var own) ? own.GetString() ?? subject : subject, substitutions),
                    Substitute(text, substitutions),
                    Substitute(html, substitutions),
                    categories) { Attachments = attachments };
            }
        }
    }

    private static string Content(JsonElement json, string type) =>
        json.TryGetProperty("content", out var content)
            ? content.EnumerateArray().Where(c => c.GetProperty("type").GetString() == type).Select(c => c.GetProperty("value").GetString()).FirstOrDefault() ?? ""
            : "";

    private static string Substitute(string text, List<(string Name, string Value)> substitutions) =>
        substitutions.Aggregate(text, (current, s) => current.Replace(s.Name, s.Value, StringComparison.Ordinal));

    [GeneratedRegex("""https?://[^\s"'<>)]+""")]
    private static partial Regex Links();
}
