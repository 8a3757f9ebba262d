// TEMPORARY STUB (replaced by the templates branch)
using CoP.Shared.Email;
using CoP.Shared.Members;
using Microsoft.Extensions.Options;
namespace CoP.Shared.Newsletter;
public sealed record NewsletterAudience(string? Language, IReadOnlyList<string> MemberTopics);
public sealed record NewsletterLinks(string UnsubscribeUrl, string ProfileUrl, IReadOnlyDictionary<string, string> VoteUrls);
public sealed class NewsletterComposer(IOptions<EmailOptions> options, IOptions<MembershipOptions> membership)
{
    public ComposedEmail Compose(NewsletterContent content, NewsletterAudience audience, NewsletterLinks? links) =>
        new($"{options.Value.CommunityName} {content.IssueId}", $"<html>{links?.UnsubscribeUrl} {string.Join(' ', links?.VoteUrls.Values ?? [])} {membership.Value.PublicApiBaseUrl}</html>", $"{links?.UnsubscribeUrl} {string.Join(' ', links?.VoteUrls.Values ?? [])}");
    public static string VariantKey(NewsletterContent content, NewsletterAudience audience) => EmailComposer.ResolveLanguage(audience.Language) + content.IssueId;
    public string ArchiveUrl(string issueId) => $"{membership.Value.PublicApiBaseUrl}api/newsletter/issues/{issueId}";
}
