using CoP.Shared.Email;

namespace CoP.Tests.Email;

public sealed class EmailOptionsTests
{
    [Theory]
    [InlineData("", false)]
    [InlineData("   ", false)]
    [InlineData("@Microsoft.KeyVault(VaultName=kv-cop;SecretName=sendgrid-api-key)", false)]
    [InlineData("SG.abc.def", true)]
    public void ASendGridKeyCountsOnlyWhenItIsARealKey(string key, bool expected)
    {
        var options = new EmailOptions { Transport = EmailTransport.SendGrid, SendGridApiKey = key };

        Assert.Equal(expected, options.HasSendGridKey);
        Assert.Equal(expected, options.NotReadyBecause is null);
    }

    [Fact]
    public void TheOutboxIsReadyWithoutAKeyAndNeverUsesSendGrid()
    {
        var options = new EmailOptions { Transport = EmailTransport.Outbox, SendGridApiKey = "SG.abc.def" };

        Assert.Null(options.NotReadyBecause);
        Assert.False(options.UsesSendGrid);
    }
}
