using System.Xml.Linq;
using CoP.Shared.Email;
using CoP.Shared.Members;
using CoP.Shared.Newsletter.Composition;
using Microsoft.Extensions.Options;

namespace CoP.Tests.Newsletter.Composition;

/// <summary>
/// How one issue is rendered, without storage: sections in each member's order, encoding, translations, slot markers
/// and variant keys. What goes into an issue is <see cref="NewsletterContentBuilderTests"/>'s subject.
/// </summary>
public sealed class NewsletterComposerTests
{
    private const string Script = "<script>alert(1)</script>";
    private const string BaseUrl = "https://cop.example.org";
    private const string PollUrl = "https://cop.example.org/api/polls/poll-1";

    private static readonly NewsletterComposer Composer = NewComposer();

    // A recipient's links as the sender fills them into a member edition's slots.
    private const string UnsubscribeUrl = "https://cop.example.org/api/unsubscribe?token=u1";
    private const string ProfileUrl = "https://cop.example.org/api/members/me?token=p1";

    private static readonly NewsletterAudience NoTopics = new("en", []);

    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    [InlineData("es")]
    public void RendersWellFormedSelfContainedHtmlAndTextWhenTheIssueHasEverySection(string language)
    {
        var audience = new NewsletterAudience(language, ["water"]);
        foreach (var email in new[] { ForMember(FullIssue(), audience), Composer.ComposeArchiveEdition(FullIssue(), audience) })
        {

            Assert.DoesNotContain('\n', email.Subject);
            Assert.StartsWith("<!DOCTYPE html>", email.HtmlBody, StringComparison.Ordinal);
            Assert.Contains($"<html lang=\"{language}\">", email.HtmlBody, StringComparison.Ordinal);
            var document = XDocument.Parse(email.HtmlBody);
            Assert.Equal("html", document.Root!.Name.LocalName);
            Assert.DoesNotContain(document.Descendants(), element => element.Name.LocalName is "img" or "link" or "script" or "iframe");
            Assert.DoesNotContain("src=", email.HtmlBody, StringComparison.Ordinal);
            foreach (var part in new[] { email.Subject, email.HtmlBody, email.TextBody })
            {
                Assert.DoesNotContain("{{", part, StringComparison.Ordinal);
                Assert.DoesNotContain("{%", part, StringComparison.Ordinal);
            }

            foreach (var title in new[] { "Soil carbon in the Sahel", "Drip irrigation guide", "Shade trees for cocoa", "Wetland atlas" })
            {
                Assert.Contains(title, email.HtmlBody, StringComparison.Ordinal);
                Assert.Contains(title, email.TextBody, StringComparison.Ordinal);
            }

            Assert.Contains("Which field day should we hold next?", email.TextBody, StringComparison.Ordinal);
            Assert.Contains("Should the next meeting be online?", email.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain("\n\n\n", email.TextBody, StringComparison.Ordinal);
            Assert.EndsWith("\n", email.TextBody, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void EncodesEverythingTypedInTheHtmlPartButKeepsItReadableInTheTextWhenValuesCarryMarkup()
    {
        var issue = FullIssue() with
        {
            EditorialNote = $"Hello {Script}",
            Documents = [Document("d1", $"Title {Script}", ["soil-carbon"]) with { Description = $"Description \"><img src=x onerror=alert(2)>" }],
            OpenPolls = [Poll() with { Question = $"Question {Script}", Description = "Poll <b>bold</b>" }],
            ClosedPolls = [PublicResult() with { Question = "Result <i>question</i>", Options = [new($"Option {Script}", 3, 100)], Winner = $"Option {Script}" }],
            Topics = [new("soil-carbon", "Soil <u>carbon</u>")],
        };

        var email = ForMember(issue, NoTopics);

        Assert.DoesNotContain("<script", email.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", email.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", email.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>", email.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<u>", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Description &quot;&gt;&lt;img src=x onerror=alert(2)&gt;", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Title &lt;script&gt;alert(1)&lt;/script&gt;", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Hello &lt;script&gt;", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Option &lt;script&gt;", email.HtmlBody, StringComparison.Ordinal);
        XDocument.Parse(email.HtmlBody);

        Assert.Contains($"Title {Script}", email.TextBody, StringComparison.Ordinal);
        Assert.Contains($"Hello {Script}", email.TextBody, StringComparison.Ordinal);
        Assert.Contains($"Question {Script}", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Description \"><img src=x onerror=alert(2)>", email.TextBody, StringComparison.Ordinal);
        Assert.Contains($"Option {Script}: 3 (100%)", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Soil <u>carbon</u>", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void KeepsTheLineBreaksOfTheNoteWithoutTakingMarkupWhenTheNoteHasParagraphs()
    {
        var issue = FullIssue() with { EditorialNote = "Dear members,\r\nwelcome back.\r\n\r\n<em>See you</em> in Dakar!" };

        var email = ForMember(issue, NoTopics);

        Assert.Contains(">Dear members,<br />welcome back.</p>", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(">&lt;em&gt;See you&lt;/em&gt; in Dakar!</p>", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Dear members,\nwelcome back.\n\n<em>See you</em> in Dakar!\n", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void ListsTopicSectionsInCatalogOrderWhenTheMemberFollowsNoTopic()
    {
        var email = ForMember(FullIssue(), NoTopics);

        AssertInOrder(email.TextBody, "== Soil carbon ==", "Soil carbon in the Sahel", "Shade trees for cocoa", "== Water management ==", "Drip irrigation guide", "== Other documents ==", "Wetland atlas");
        AssertInOrder(email.HtmlBody, ">Soil carbon</h3>", "Soil carbon in the Sahel", "Shade trees for cocoa", ">Water management</h3>", "Drip irrigation guide", ">Other documents</h3>", "Wetland atlas");
        Assert.DoesNotContain("== Agroforestry ==", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void PutsTheMemberTopicsFirstWhenTheMemberFollowsATopicLateInTheCatalog()
    {
        var email = ForMember(FullIssue(), new NewsletterAudience("en", ["agroforestry"]));

        AssertInOrder(email.TextBody, "== Agroforestry ==", "Shade trees for cocoa", "== Soil carbon ==", "Soil carbon in the Sahel", "== Water management ==", "Drip irrigation guide", "== Other documents ==", "Wetland atlas");
        AssertInOrder(email.HtmlBody, ">Agroforestry</h3>", "Shade trees for cocoa", ">Soil carbon</h3>", "Soil carbon in the Sahel", ">Water management</h3>", ">Other documents</h3>");
    }

    [Fact]
    public void FilesADocumentUnderTheFirstTopicTheMemberFollowsWhenItHasSeveral()
    {
        var email = ForMember(FullIssue(), new NewsletterAudience("en", ["agroforestry", "water"]));

        AssertInOrder(
            email.TextBody,
            "== Water management ==",
            "Soil carbon in the Sahel",
            "Drip irrigation guide",
            "== Agroforestry ==",
            "Shade trees for cocoa",
            "== Other documents ==",
            "Wetland atlas");
        Assert.DoesNotContain("== Soil carbon ==", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(">Soil carbon</h3>", email.HtmlBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("water")]
    [InlineData("soil-carbon,agroforestry,water")]
    public void ShowsEachDocumentOnceWhenDocumentsHaveSeveralTopics(string followed)
    {
        var memberTopics = followed.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var issue = FullIssue() with { Documents = [.. FullIssue().Documents, Document("d1", "Soil carbon in the Sahel", ["water"])] };

        var email = ForMember(issue, new NewsletterAudience("en", memberTopics));

        foreach (var title in new[] { "Soil carbon in the Sahel", "Drip irrigation guide", "Shade trees for cocoa", "Wetland atlas" })
        {
            Assert.Equal(1, Occurrences(email.TextBody, $"* {title}\n"));
            Assert.Equal(1, Occurrences(email.HtmlBody, $">{title}</a>"));
        }
    }

    [Fact]
    public void ShowsTypeLanguageYearDescriptionAndLinkWhenListingADocument()
    {
        var email = ForMember(FullIssue(), NoTopics);

        Assert.Contains(
            "* Soil carbon in the Sahel\n  Report · Français · 2025\n  Measured stocks in three regions.\n  https://cop.example.org/api/documents/d1\n",
            email.TextBody,
            StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://cop.example.org/api/documents/d1\" style=\"color:#2f4a1f;\">Soil carbon in the Sahel</a>", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Case study · English\n", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void CutsADescriptionAtAWordWhenItIsLong()
    {
        var words = string.Join(' ', Enumerable.Repeat("carbon", 200));

        var excerpt = NewsletterViews.Excerpt(words + "\n\nlast");

        Assert.NotNull(excerpt);
        Assert.True(excerpt.Length <= NewsletterViews.MaxExcerptLength + 1);
        Assert.EndsWith("carbon…", excerpt, StringComparison.Ordinal);
    }

    [Fact]
    public void PutsFreshMarkersAtTheTemplatesLinkSlotsWhenComposingForMembers()
    {
        var first = Composer.ComposeMemberEdition(FullIssue(), NoTopics);
        var second = Composer.ComposeMemberEdition(FullIssue(), NoTopics);

        var (email, slots) = first;
        var vote = slots.Votes["poll-1"];
        Assert.Contains($"href=\"{slots.Unsubscribe}\"", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"href=\"{slots.Profile}\"", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"href=\"{vote}\"", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"Unsubscribe: {slots.Unsubscribe}\n", email.TextBody, StringComparison.Ordinal);
        Assert.Contains($"{slots.Profile}\n", email.TextBody, StringComparison.Ordinal);
        Assert.Contains($"Vote: {vote}\n", email.TextBody, StringComparison.Ordinal);
        foreach (var marker in new[] { slots.Unsubscribe, slots.Profile, vote })
        {
            Assert.Matches("^cop-slot-[0-9a-f]{32}$", marker);
            Assert.Equal(1, Occurrences(email.HtmlBody, marker));
            Assert.Equal(1, Occurrences(email.TextBody, marker));
            Assert.DoesNotContain(marker, second.Email.HtmlBody + second.Email.TextBody, StringComparison.Ordinal);
        }

        Assert.Equal(3, new[] { slots.Unsubscribe, slots.Profile, vote }.Distinct().Count());
        Assert.DoesNotContain(PollUrl + "\n", email.TextBody, StringComparison.Ordinal);
        Assert.Contains($"{BaseUrl}/api/newsletter/issues/2026-11-23-0800", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void FillsEachSlotWithTheRecipientsOwnLinkInBothPartsWhenSubstituted()
    {
        var email = ForMember(FullIssue(), NoTopics);

        Assert.Contains($"href=\"{UnsubscribeUrl}\"", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"href=\"{ProfileUrl}\"", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"href=\"{VoteUrl("poll-1")}\"", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"Unsubscribe: {UnsubscribeUrl}\n", email.TextBody, StringComparison.Ordinal);
        Assert.Contains($"{ProfileUrl}\n", email.TextBody, StringComparison.Ordinal);
        Assert.Contains($"Vote: {VoteUrl("poll-1")}\n", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("cop-slot-", email.Subject + email.HtmlBody + email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void LeavesOutPersonalLinksAndLinksPollsToTheirPublicPageWhenComposingTheArchiveEdition()
    {
        var email = Composer.ComposeArchiveEdition(FullIssue(), NoTopics);

        foreach (var part in new[] { email.HtmlBody, email.TextBody })
        {
            Assert.DoesNotContain("-cop-", part, StringComparison.Ordinal);
            Assert.DoesNotContain(NewsletterSlots.MarkerPrefix, part, StringComparison.Ordinal);
            Assert.DoesNotContain("token=", part, StringComparison.Ordinal);
            Assert.DoesNotContain("nsubscribe", part, StringComparison.Ordinal);
            Assert.DoesNotContain("profile", part, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("You receive this newsletter", part, StringComparison.Ordinal);
            Assert.Contains(PollUrl, part, StringComparison.Ordinal);
            Assert.Contains($"{BaseUrl}/api/newsletter/issues/2026-11-23-0800", part, StringComparison.Ordinal);
        }

        Assert.Contains($"href=\"{PollUrl}\"", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"See the poll: {PollUrl}\n", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void LinksAPollToItsPublicPageWhenTheEditionHasNoVoteSlotForIt()
    {
        var slots = new NewsletterSlots("cop-slot-unsubscribe", "cop-slot-profile", new Dictionary<string, string>());

        var email = Composer.ComposeMemberEdition(FullIssue(), NoTopics, slots).Email;

        Assert.Contains($"Vote: {PollUrl}\n", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Unsubscribe: cop-slot-unsubscribe\n", email.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fr", "fr", "Nouveaux documents", "Autres documents", "Sondages ouverts", "Se désabonner")]
    [InlineData("fr-BE", "fr", "Nouveaux documents", "Autres documents", "Sondages ouverts", "Se désabonner")]
    [InlineData("es", "es", "Nuevos documentos", "Otros documentos", "Encuestas abiertas", "Darse de baja")]
    [InlineData("en", "en", "New documents", "Other documents", "Open polls", "Unsubscribe")]
    [InlineData("pt", "en", "New documents", "Other documents", "Open polls", "Unsubscribe")]
    [InlineData("de-CH", "en", "New documents", "Other documents", "Open polls", "Unsubscribe")]
    [InlineData(null, "en", "New documents", "Other documents", "Open polls", "Unsubscribe")]
    public void RendersTheTranslationOrEnglishWhenTheMemberHasALanguage(string? language, string expected, string documents, string other, string polls, string unsubscribe)
    {
        var email = ForMember(FullIssue(), new NewsletterAudience(language, []));

        Assert.Contains($"<html lang=\"{expected}\">", email.HtmlBody, StringComparison.Ordinal);
        foreach (var heading in new[] { documents, other, polls, unsubscribe })
        {
            Assert.Contains(heading, email.HtmlBody, StringComparison.Ordinal);
            Assert.Contains(heading, email.TextBody, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData("en", "23 November 2026", "30 November 2026", "Report")]
    [InlineData("fr", "23 novembre 2026", "30 novembre 2026", "Rapport")]
    [InlineData("es", "23 de noviembre de 2026", "30 de noviembre de 2026", "Informe")]
    public void PrintsDatesAndDocumentTypesInTheLanguageWhenRenderingATranslation(string language, string issueDate, string closingDate, string report)
    {
        var email = ForMember(FullIssue(), new NewsletterAudience(language, []));

        Assert.Contains(issueDate, email.Subject, StringComparison.Ordinal);
        Assert.Contains(EmailOptions.DefaultCommunityName, email.Subject, StringComparison.Ordinal);
        Assert.Contains(closingDate, email.TextBody, StringComparison.Ordinal);
        Assert.Contains("17:00 UTC", email.TextBody, StringComparison.Ordinal);
        Assert.Contains($"{report} · Français · 2025", email.TextBody, StringComparison.Ordinal);
        Assert.Contains($"{report} · Français · 2025", email.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void PutsTheConfiguredCommunityNameAndTheIssueDateInTheSubjectWhenComposing()
    {
        var composer = NewComposer(communityName: "Soil Carbon Test Community");

        var email = ForMember(FullIssue(), NoTopics, composer);

        Assert.Equal("Soil Carbon Test Community newsletter – 23 November 2026", email.Subject);
        Assert.Contains("Soil Carbon Test Community", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Soil Carbon Test Community", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void ShowsCountsPercentsAndTheWinnerWhenResultsArePublic()
    {
        var email = ForMember(FullIssue() with { ClosedPolls = [PublicResult()] }, NoTopics);

        Assert.Contains("12 ballots\n  - Online: 9 (75%)\n  - In person: 3 (25%)\n  Winner: Online\n", email.TextBody, StringComparison.Ordinal);
        Assert.Contains(">Online</td>", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(">9 (75%)</td>", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Winner: <strong>Online</strong>", email.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void SaysTooFewBallotsWereCastAndShowsNoCountWhenResultsAreWithheld()
    {
        var withheld = PublicResult() with { Ballots = 2, Withheld = true, Options = [], Winner = null };

        var email = ForMember(FullIssue() with { ClosedPolls = [withheld] }, NoTopics);

        Assert.Contains("too few ballots were cast to publish its results", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("too few ballots were cast to publish its results", email.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Winner", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("2 ballots", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void SaysResultsGoToTheOrganisersWhenThePollIsAdminsOnly()
    {
        var adminsOnly = PublicResult() with { AdminsOnly = true };

        var email = ForMember(FullIssue() with { ClosedPolls = [adminsOnly] }, NoTopics);

        Assert.Contains("Its results are shared with the organisers only.", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Its results are shared with the organisers only.", email.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Online", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("75%", email.HtmlBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fr", "trop peu de bulletins", "Ses résultats sont réservés aux organisateurs")]
    [InlineData("es", "se emitieron muy pocas papeletas", "Sus resultados solo se comparten con los organizadores")]
    public void TranslatesWithheldAndAdminsOnlyResultsWhenRenderingATranslation(string language, string withheld, string adminsOnly)
    {
        var issue = FullIssue() with { ClosedPolls = [PublicResult() with { Withheld = true }, PublicResult() with { AdminsOnly = true }] };

        var email = ForMember(issue, new NewsletterAudience(language, []));

        Assert.Contains(withheld, email.TextBody, StringComparison.Ordinal);
        Assert.Contains(adminsOnly, email.TextBody, StringComparison.Ordinal);
        Assert.Contains(withheld, email.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void LeavesOutEmptySectionsWhenTheIssueHasOnlyANote()
    {
        var issue = FullIssue() with { Documents = [], OpenPolls = [], ClosedPolls = [], Topics = [] };

        var email = ForMember(issue, NoTopics);

        Assert.Contains("The field season starts in March.", email.TextBody, StringComparison.Ordinal);
        foreach (var heading in new[] { "New documents", "Open polls", "Poll results", "Other documents" })
        {
            Assert.DoesNotContain(heading, email.HtmlBody, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(heading, email.TextBody, StringComparison.OrdinalIgnoreCase);
        }

        XDocument.Parse(email.HtmlBody);
    }

    [Fact]
    public void LeavesOutTheNoteWhenThereIsNone()
    {
        var email = ForMember(FullIssue() with { EditorialNote = "  " }, NoTopics);

        Assert.DoesNotContain("border-left:4px", email.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("field season", email.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", new string[0], "en", new[] { "retired-topic" })]
    [InlineData("fr", new[] { "water" }, "fr-BE", new[] { "water", "retired-topic" })]
    [InlineData("pt", new string[0], "en", new string[0])]
    [InlineData("en", new[] { "soil-carbon" }, "en", new string[0])]
    [InlineData("es", new[] { "agroforestry", "water" }, "es", new[] { "water", "agroforestry" })]
    public void GivesEqualKeysAndEqualEmailsWhenLanguageAndSectionsAreTheSame(string language1, string[] topics1, string language2, string[] topics2)
    {
        var first = new NewsletterAudience(language1, topics1);
        var second = new NewsletterAudience(language2, topics2);

        Assert.Equal(NewsletterComposer.VariantKey(FullIssue(), first), NewsletterComposer.VariantKey(FullIssue(), second));
        Assert.Equal(ForMember(FullIssue(), first), ForMember(FullIssue(), second));
    }

    [Theory]
    [InlineData("en", new string[0], "fr", new string[0])]
    [InlineData("en", new string[0], "en", new[] { "water" })]
    [InlineData("en", new[] { "water" }, "en", new[] { "agroforestry" })]
    [InlineData("en", new[] { "water" }, "en", new[] { "water", "agroforestry" })]
    public void GivesDifferentKeysWhenLanguageOrSectionsDiffer(string language1, string[] topics1, string language2, string[] topics2)
    {
        var first = new NewsletterAudience(language1, topics1);
        var second = new NewsletterAudience(language2, topics2);

        Assert.NotEqual(NewsletterComposer.VariantKey(FullIssue(), first), NewsletterComposer.VariantKey(FullIssue(), second));
        Assert.NotEqual(ForMember(FullIssue(), first), ForMember(FullIssue(), second));
    }

    [Fact]
    public void BuildsTheArchiveUrlFromThePublicBaseUrlWhenItEndsWithASlash()
    {
        var composer = NewComposer(baseUrl: "https://cop.example.org/");

        Assert.Equal("https://cop.example.org/api/newsletter/issues/2026-11-23-0800", composer.ArchiveUrl("2026-11-23-0800"));
    }

    [Fact]
    public void RendersTheSameEmailWhenComposedInParallel()
    {
        var expected = ForMember(FullIssue(), new NewsletterAudience("fr", ["water"]));
        var emails = new ComposedEmail[64];

        Parallel.For(
            0,
            emails.Length,
            new ParallelOptions { CancellationToken = TestContext.Current.CancellationToken },
            i => emails[i] = ForMember(FullIssue(), new NewsletterAudience("fr", ["water"])));

        Assert.All(emails, email => Assert.Equal(expected, email));
    }

    private static string VoteUrl(string pollId) => $"https://cop.example.org/api/polls/{pollId}?token=v1";

    /// <summary>A member's copy: the member edition with one recipient's links substituted, as the sender does.</summary>
    private static ComposedEmail ForMember(NewsletterContent issue, NewsletterAudience audience, NewsletterComposer? composer = null)
    {
        var (email, slots) = (composer ?? Composer).ComposeMemberEdition(issue, audience);
        return NewsletterMessages.Substitute(email, slots.Fill(UnsubscribeUrl, ProfileUrl, VoteUrl));
    }

    private static NewsletterComposer NewComposer(string communityName = EmailOptions.DefaultCommunityName, string baseUrl = BaseUrl) =>
        new(
            Options.Create(new EmailOptions { CommunityName = communityName }),
            Options.Create(new MembershipOptions { PublicApiBaseUrl = new Uri(baseUrl) }));

    /// <summary>
    /// An issue with a note, four documents (one on two topics, one on a topic the catalog no longer lists),
    /// an open poll and a public result. Catalog order: soil-carbon, water, agroforestry.
    /// </summary>
    private static NewsletterContent FullIssue() => new(
        "2026-11-23-0800",
        new DateTimeOffset(2026, 11, 16, 8, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero),
        "The field season starts in March.",
        [
            Document("d1", "Soil carbon in the Sahel", ["water", "soil-carbon"]) with { Description = "Measured stocks\nin three regions.", Language = "fr", Year = 2025 },
            Document("d2", "Drip irrigation guide", ["water"]),
            Document("d3", "Shade trees for cocoa", ["agroforestry", "soil-carbon"]),
            Document("d4", "Wetland atlas", ["retired-topic"]),
        ],
        [Poll()],
        [PublicResult()],
        [new("soil-carbon", "Soil carbon"), new("water", "Water management"), new("agroforestry", "Agroforestry")]);

    private static NewsletterDocument Document(string id, string title, IReadOnlyList<string> topics) => new(
        id, title, null, topics, id == "d1" ? "report" : "case-study", "en", null, new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero), $"{BaseUrl}/api/documents/{id}");

    private static NewsletterPoll Poll() => new(
        "poll-1", "Which field day should we hold next?", "Pick one.", new DateTimeOffset(2026, 11, 30, 17, 0, 0, TimeSpan.Zero), true, PollUrl);

    private static NewsletterPollResult PublicResult() => new(
        "poll-0", "Should the next meeting be online?", 12, false, false, [new("Online", 9, 75), new("In person", 3, 25)], "Online", $"{BaseUrl}/api/polls/poll-0");

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var index = text.IndexOf(value, StringComparison.Ordinal); index >= 0; index = text.IndexOf(value, index + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static void AssertInOrder(string text, params string[] values)
    {
        var position = -1;
        foreach (var value in values)
        {
            var next = text.IndexOf(value, position + 1, StringComparison.Ordinal);
            Assert.True(next > position, $"Expected \"{value}\" after position {position} in:\n{text}");
            position = next;
        }
    }
}
