using CoP.Shared.Email;
using Microsoft.Extensions.Options;

namespace CoP.Tests.Email;

public sealed class EmailComposerTests
{
    private const string ConfirmUrl = "https://cop.example.org/api/registrations/confirm?token=abc.def";
    private const string AccessUrl = "https://cop.example.org/members?token=xyz.123";
    private const string SignInUrl = "https://cop.example.org/api/console/session?token=0123abcd";
    private const string DocumentUrl = "https://cop.example.org/api/documents/0123456789abcdef0123456789abcdef";
    private const string DocumentTitle = "Soil carbon in the Sahel";
    private const string EventUrl = "https://cop.example.org/api/events/0123456789abcdef0123456789abcdef";
    private const string EventTitle = "Biochar field day";
    private const string EventWhen = "Tuesday 3 March 2026, 14:00–16:00 (Europe/Paris)";
    private const string ConsoleUrl = "https://cop.example.org/api/console/events";
    private const string ProjectUrl = "https://cop.example.org/api/projects/0123456789abcdef0123456789abcdef";
    private const string ProjectEditUrl = "https://cop.example.org/api/projects/0123456789abcdef0123456789abcdef/edit";
    private const string ProjectTitle = "Biochar for smallholders in Kisumu";
    private const string ProjectConsoleUrl = "https://cop.example.org/api/console/projects/0123456789abcdef0123456789abcdef";
    private const string WebhookConsoleUrl = "https://cop.example.org/api/console/webhooks/wh_0123456789abcdef01234567";
    private const string ProjectConfirmEditUrl = "https://cop.example.org/api/projects/0123456789abcdef0123456789abcdef/edit?token=pqr.456";

    private static readonly EmailComposer Composer = new(Options.Create(new EmailOptions()));

    public static TheoryData<EmailTemplate, string> EveryTemplateInEveryLanguage()
    {
        var data = new TheoryData<EmailTemplate, string>();
        foreach (var template in Enum.GetValues<EmailTemplate>())
        {
            foreach (var language in EmailComposer.Languages)
            {
                data.Add(template, language);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryTemplateInEveryLanguage))]
    public void RendersSubjectHtmlAndTextWhenGivenTheDocumentedModel(EmailTemplate template, string language)
    {
        var email = Composer.Compose(template, language, ModelFor(template));

        Assert.False(string.IsNullOrWhiteSpace(email.Subject));
        Assert.DoesNotContain('\n', email.Subject);
        Assert.StartsWith("<!DOCTYPE html>", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"<html lang=\"{language}\">", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(EmailOptions.DefaultCommunityName, email.TextBody, StringComparison.Ordinal);
        foreach (var part in new[] { email.Subject, email.HtmlBody, email.TextBody })
        {
            Assert.DoesNotContain("{{", part, StringComparison.Ordinal);
            Assert.DoesNotContain("{%", part, StringComparison.Ordinal);
        }

        if (template == EmailTemplate.EraseReceipt)
        {
            Assert.Contains("2026-03-01 10:15 UTC", email.TextBody, StringComparison.Ordinal);
        }
        else if (LinkFor(template) is { } url)
        {
            Assert.Contains($"href=\"{url}\"", email.HtmlBody, StringComparison.Ordinal);
            Assert.Contains(url, email.TextBody, StringComparison.Ordinal);
        }

        if (template is EmailTemplate.DocumentPublished or EmailTemplate.DocumentPendingReview or EmailTemplate.DocumentRejected or EmailTemplate.DocumentRemoved)
        {
            Assert.Contains("Soil carbon in the Sahel", email.Subject, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void EncodesInsertedMarkupInTheHtmlPartButNotInTheTextPartWhenValuesCarryScript()
    {
        var model = new
        {
            CommunityName = "<script>alert(1)</script>",
            ErasedAt = "\"><img src=x onerror=alert(1)>",
        };

        var email = Composer.Compose(EmailTemplate.EraseReceipt, "en", model);

        Assert.DoesNotContain("<script>", email.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", email.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"><", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<script>alert(1)</script>", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("\"><img src=x onerror=alert(1)>", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void EncodesQuotesInALinkWhenTheUrlCarriesThem()
    {
        var url = "https://cop.example.org/confirm?token=a\"onmouseover=\"alert(1)";

        var email = Composer.Compose(EmailTemplate.Confirmation, "en", new { ConfirmUrl = url, ExpiresInDays = 7 });

        Assert.DoesNotContain("\"onmouseover", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&quot;onmouseover=&quot;", email.HtmlBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fr", "Merci de confirmer votre inscription")]
    [InlineData("fr-BE", "Merci de confirmer votre inscription")]
    [InlineData("FR", "Merci de confirmer votre inscription")]
    [InlineData("es", "Confirme su inscripción")]
    [InlineData("es_MX", "Confirme su inscripción")]
    [InlineData("en", "Please confirm your registration")]
    public void RendersTheTranslationWhenOneExistsForTheLanguage(string language, string expectedTitle)
    {
        var email = Composer.Compose(EmailTemplate.Confirmation, language, new { ConfirmUrl, ExpiresInDays = 7 });

        Assert.StartsWith(expectedTitle, email.TextBody, StringComparison.Ordinal);
        Assert.Contains(expectedTitle, email.HtmlBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("de")]
    [InlineData("pt-BR")]
    [InlineData("")]
    [InlineData(null)]
    public void FallsBackToEnglishWhenTheLanguageHasNoTranslation(string? language)
    {
        var email = Composer.Compose(EmailTemplate.AccessLink, language, new { AccessUrl, ExpiresInMinutes = 60 });

        Assert.Equal("Your personal link to the Climate-Soil Community of Practice", email.Subject);
        Assert.Contains("<html lang=\"en\">", email.HtmlBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(60, "The link works for 60 minutes.")]
    [InlineData(15, "The link works for 15 minutes.")]
    public void SaysHowLongTheLinkWorksWhenComposingAnAccessLink(int minutes, string expected)
    {
        var email = Composer.Compose(EmailTemplate.AccessLink, "en", new { AccessUrl, ExpiresInMinutes = minutes });

        Assert.Contains(expected, email.TextBody, StringComparison.Ordinal);
        Assert.Contains(expected, email.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void RendersADictionaryModelLikeAnObjectModel()
    {
        var fromObject = Composer.Compose(EmailTemplate.AlreadyMember, "es", new { AccessUrl, ExpiresInDays = 3 });
        var fromDictionary = Composer.Compose(EmailTemplate.AlreadyMember, "es", new Dictionary<string, object> { ["AccessUrl"] = AccessUrl, ["ExpiresInDays"] = 3 });

        Assert.Equal(fromObject, fromDictionary);
    }

    [Fact]
    public void PrintsTheConfiguredCommunityNameWhenTheModelHasNone()
    {
        var composer = new EmailComposer(Options.Create(new EmailOptions { CommunityName = "Soil Carbon Test Community" }));

        var email = composer.Compose(EmailTemplate.Confirmation, "en", new { ConfirmUrl, ExpiresInDays = 7 });

        Assert.Contains("Soil Carbon Test Community", email.Subject, StringComparison.Ordinal);
        Assert.Contains("Soil Carbon Test Community", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void LeavesOutWhatTheRegistrantTypedWhenComposingTheConfirmation()
    {
        var email = Composer.Compose(EmailTemplate.Confirmation, "en", new { ConfirmUrl, ExpiresInDays = 7, Name = "Buy cheap pills at spam.example" });

        Assert.DoesNotContain("spam.example", email.HtmlBody + email.TextBody + email.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void ThrowsNamingTheMissingValueWhenTheModelLacksOne()
    {
        var failure = Assert.Throws<ArgumentException>(() => Composer.Compose(EmailTemplate.Confirmation, "en", new { ExpiresInDays = 7 }));

        Assert.Contains("ConfirmUrl", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("/relative/confirm")]
    public void ThrowsWhenALinkIsNotAnAbsoluteHttpUrl(string url)
    {
        var failure = Assert.Throws<ArgumentException>(() => Composer.Compose(EmailTemplate.Confirmation, "en", new { ConfirmUrl = url, ExpiresInDays = 7 }));

        Assert.Contains("ConfirmUrl", failure.Message, StringComparison.Ordinal);
    }

    private static object ModelFor(EmailTemplate template) => template switch
    {
        EmailTemplate.Confirmation => new { ConfirmUrl, ExpiresInDays = 7, CommunityName = EmailOptions.DefaultCommunityName },
        EmailTemplate.AlreadyMember => new { AccessUrl, ExpiresInDays = 7, CommunityName = EmailOptions.DefaultCommunityName },
        EmailTemplate.AccessLink => new { AccessUrl, ExpiresInMinutes = 60, CommunityName = EmailOptions.DefaultCommunityName },
        EmailTemplate.EraseReceipt => new { CommunityName = EmailOptions.DefaultCommunityName, ErasedAt = "2026-03-01 10:15 UTC" },
        EmailTemplate.DocumentPublished => new { Title = DocumentTitle, DocumentUrl, CommunityName = EmailOptions.DefaultCommunityName },
        EmailTemplate.DocumentPendingReview => new { Title = DocumentTitle, CommunityName = EmailOptions.DefaultCommunityName },
        EmailTemplate.DocumentRejected => new { Title = DocumentTitle, ReasonCode = "TypeMismatch", Note = "", CommunityName = EmailOptions.DefaultCommunityName },
        EmailTemplate.DocumentRemoved => new { Title = DocumentTitle, Reason = "Published without the authors' consent.", CommunityName = EmailOptions.DefaultCommunityName },
        EmailTemplate.ConsoleSignIn => new { SignInUrl, ExpiresInMinutes = 15, CommunityName = EmailOptions.DefaultCommunityName },
        EmailTemplate.EventRegistered or EmailTemplate.EventPromoted =>
            new { Title = EventTitle, When = EventWhen, EventUrl, OnlineUrl = "https://meet.example.org/biochar", Place = "Hall B, 1 Rue de la Paix, Paris", CommunityName = EmailOptions.DefaultCommunityName },
        EmailTemplate.EventWaitlisted => new { Title = EventTitle, When = EventWhen, EventUrl, Position = 3, CommunityName = EmailOptions.DefaultCommunityName },
        EmailTemplate.EventChanged or EmailTemplate.EventCancelled =>
            new { Title = EventTitle, When = EventWhen, EventUrl, Place = "1 rue des Champs, Paris", CommunityName = EmailOptions.DefaultCommunityName },
        EmailTemplate.EventReminder => new { Title = EventTitle, When = EventWhen, EventUrl, Place = "Hall B, 1 Rue de la Paix, Paris", OnlineUrl = "https://meet.example.org/biochar", CommunityName = EmailOptions.DefaultCommunityName },
        EmailTemplate.EventFollowUp => new { Title = EventTitle, When = EventWhen, EventUrl, ConsoleUrl, CommunityName = EmailOptions.DefaultCommunityName },
        EmailTemplate.ProjectApproved => new { Title = ProjectTitle, ProjectUrl, CommunityName = EmailOptions.DefaultCommunityName },
        EmailTemplate.ProjectRejected => new { Title = ProjectTitle, Note = "Please give the registry's page of the project.", ProjectUrl, EditUrl = ProjectEditUrl, CommunityName = EmailOptions.DefaultCommunityName },
        EmailTemplate.ProjectSubmitted => new { Title = ProjectTitle, ProjectId = "0123456789abcdef0123456789abcdef", ConsoleUrl = ProjectConsoleUrl, Resubmitted = false, CommunityName = EmailOptions.DefaultCommunityName },
        EmailTemplate.ProjectConfirm => new { Title = ProjectTitle, EditUrl = ProjectConfirmEditUrl, LastConfirmedOn = "Monday 2 November 2026", ExpiresInDays = 30, CommunityName = EmailOptions.DefaultCommunityName },
        EmailTemplate.WebhookDisabled => new { WebhookId = "wh_0123456789abcdef01234567", Host = "crm.example.org", LastStatus = "503", Failures = 5, ConsoleUrl = WebhookConsoleUrl, CommunityName = EmailOptions.DefaultCommunityName },
        _ => throw new ArgumentOutOfRangeException(nameof(template)),
    };

    private static string? LinkFor(EmailTemplate template) => template switch
    {
        EmailTemplate.Confirmation => ConfirmUrl,
        EmailTemplate.AlreadyMember or EmailTemplate.AccessLink => AccessUrl,
        EmailTemplate.DocumentPublished => DocumentUrl,
        EmailTemplate.ConsoleSignIn => SignInUrl,
        EmailTemplate.EventRegistered or EmailTemplate.EventWaitlisted or EmailTemplate.EventPromoted or EmailTemplate.EventChanged
            or EmailTemplate.EventCancelled or EmailTemplate.EventReminder => EventUrl,
        EmailTemplate.EventFollowUp => ConsoleUrl,
        EmailTemplate.ProjectApproved => ProjectUrl,
        EmailTemplate.ProjectRejected => ProjectEditUrl,
        EmailTemplate.ProjectSubmitted => ProjectConsoleUrl,
        EmailTemplate.ProjectConfirm => ProjectConfirmEditUrl,
        EmailTemplate.WebhookDisabled => WebhookConsoleUrl,
        _ => null,
    };
}
