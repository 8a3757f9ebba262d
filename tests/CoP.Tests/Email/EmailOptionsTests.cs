using CoP.Shared.Email;

namespace CoP.Tests.Email;

public sealed class EmailOptionsTests
{
    [Theory]
    [InlineData("", false)]
    [InlineData("   ", false)]
    [InlineData("@Microsoft.KeyVault(VaultName=kv-cop;SecretName=sendgrid-api-key)", false)]
    [InlineData("SG.abc.def", true)]
    public void SendGridIsUsedOnlyWithARealKey(string key, bool expected)
    {
        Assert.Equal(expected, new EmailOptions { SendGridApiKey = key }.UsesSendGrid);
    }
}
