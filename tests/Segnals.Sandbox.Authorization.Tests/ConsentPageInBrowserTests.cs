using Microsoft.AspNetCore.WebUtilities;
using PuppeteerSharp;
using Segnals.Sandbox.Authorization.Tests.Infrastructure;
using Xunit;

namespace Segnals.Sandbox.Authorization.Tests;

/// <summary>
/// The sign-in and consent pages in a real browser (Debian's headless Chromium, driven over the DevTools protocol
/// by PuppeteerSharp), with JavaScript switched off: the pages must work as plain HTML forms.
/// </summary>
public sealed class ConsentPageInBrowserTests
{
    [ChromiumFact]
    public async Task A_person_signs_in_unticks_a_scope_and_allows_and_the_token_holds_only_what_stayed_ticked()
    {
        await using var server = await TestAuthServer.StartAsync();
        await using var site = await ClientSite.StartAsync();
        using var session = server.Session();
        var clientId = await session.RegisterClientAsync(site.CallbackUrl, "Browser Client");
        var pkce = Pkce.New();
        var authorizeUrl = new Uri(server.Origin, OAuthSession.AuthorizeUrl(clientId, site.CallbackUrl, "read:account read:bots write:bots", TestAuthServer.McpResource, pkce));

        var profile = Directory.CreateTempSubdirectory("segnals-chromium-");
        try
        {
            await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
            {
                ExecutablePath = ChromiumFactAttribute.ExecutablePath,
                Headless = true,
                UserDataDir = profile.FullName,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
                Timeout = 60_000,
            });
            await using var page = await browser.NewPageAsync();
            await page.SetJavaScriptEnabledAsync(false);

            await page.GoToAsync(authorizeUrl.AbsoluteUri);
            Assert.Equal("Sign in · Segnals sandbox", await page.GetTitleAsync());
            await AssertAccessibleAsync(page);
            await page.TypeAsync("#username", "demo");
            await page.TypeAsync("#password", server.DemoPassword);
            await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync("button[type=submit]"));

            Assert.Equal("Allow access · Segnals sandbox", await page.GetTitleAsync());
            await AssertAccessibleAsync(page);
            if (Environment.GetEnvironmentVariable("SEGNALS_SCREENSHOT_DIR") is { Length: > 0 } screenshots)
            {
                // For a person to look at the page: SEGNALS_SCREENSHOT_DIR=/tmp/shots dotnet test --filter Browser
                await page.ScreenshotAsync(Path.Combine(screenshots, "consent.png"), new ScreenshotOptions { FullPage = true });
            }
            Assert.Contains("Browser Client", await page.EvaluateExpressionAsync<string>("document.querySelector('h1').textContent"));
            var labels = await page.EvaluateExpressionAsync<string[]>("Array.from(document.querySelectorAll('input[type=checkbox]')).map(i => i.labels[0].textContent)");
            Assert.Equal(3, labels.Length);
            Assert.Contains(labels, l => l.Contains("Create bots and change their name or configuration.", StringComparison.Ordinal));
            // Untick write:bots by clicking its label, as a person would.
            var writeBots = await page.EvaluateExpressionAsync<string>("document.querySelector('input[value=\"write:bots\"]').id");
            await page.ClickAsync($"label[for='{writeBots}']");
            Assert.False(await page.EvaluateExpressionAsync<bool>("document.querySelector('input[value=\"write:bots\"]').checked"));
            await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync("button[value=allow]"));

            var callback = await site.CallbackAsync(TimeSpan.FromSeconds(30));
            Assert.Equal("You may close this window.", await page.EvaluateExpressionAsync<string>("document.getElementById('done').textContent"));
            var code = QueryHelpers.ParseQuery(callback.Query)["code"].ToString();
            var (status, tokens) = await session.RedeemCodeAsync(clientId, code, site.CallbackUrl, pkce, TestAuthServer.McpResource);
            Assert.True(status == System.Net.HttpStatusCode.OK, tokens.ToString());
            Assert.Equal("read:account read:bots", tokens.GetProperty("scope").GetString());
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    /// <summary>The basics a screen reader and a keyboard need: a language, a heading, every field labelled.</summary>
    private static async Task AssertAccessibleAsync(IPage page)
    {
        Assert.Equal("en", await page.EvaluateExpressionAsync<string>("document.documentElement.lang"));
        Assert.Equal(1, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('h1').length"));
        Assert.Equal(0, await page.EvaluateExpressionAsync<int>(
            "Array.from(document.querySelectorAll('input:not([type=hidden])')).filter(i => i.labels.length === 0).length"));
        Assert.Equal(0, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('script').length"));
    }
}
