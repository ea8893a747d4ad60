using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Data;

namespace TrainerAcademy.Tests.Http;

/// <summary>Staff set their own center's refund policy on the center page; the cancellation refund follows it.</summary>
public abstract class RefundPolicyPageTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteAcademyFactory f) : RefundPolicyPageTests(f), IClassFixture<SqliteAcademyFactory>;

    public sealed class OnPostgreSql : RefundPolicyPageTests, IClassFixture<PostgresAcademyFactory>
    {
        public OnPostgreSql(PostgresAcademyFactory f) : base(f) => TestPostgres.Require();
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var browser = factory.CreateBrowserClient();
        using var response = await browser.SignInOnPageAsync(email, TestWorld.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    private static async Task<HttpResponseMessage> PostPolicyAsync(HttpClient browser, int pageCenterId, int postCenterId, string days, string percent)
    {
        var page = await browser.GetDocumentAsync($"/staff/center?id={pageCenterId}");
        return await browser.PostAsync($"/staff/center?id={postCenterId}&handler=RefundPolicy", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [Forms.TokenField] = Forms.Token(page, "RefundPolicy.FullRefundDaysBeforeStart"),
            ["RefundPolicy.FullRefundDaysBeforeStart"] = days,
            ["RefundPolicy.LateRefundPercent"] = percent,
        }));
    }

    private async Task<(int Days, decimal Share)> PolicyAsync(int centerId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var center = await scope.ServiceProvider.GetRequiredService<AcademyDbContext>().Centers.AsNoTracking().SingleAsync(c => c.Id == centerId);
        return (center.RefundFullDaysBeforeStart, center.RefundLateShare);
    }

    [Fact]
    public async Task Staff_save_their_centers_refund_policy_and_a_wrong_share_is_shown_beside_its_field()
    {
        var w = await factory.WorldAsync();
        var staff = await SignedInAsync(w.StaffAEmail);

        using (var saved = await PostPolicyAsync(staff, w.CenterA, w.CenterA, "10", "30"))
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal((10, 0.30m), await PolicyAsync(w.CenterA));
        var page = await (await staff.GetAsync($"/staff/center?id={w.CenterA}")).Content.ReadAsStringAsync();
        Assert.Contains("开班前 10 天以前取消全额退款，之后退 30%", page);

        using var refused = await PostPolicyAsync(staff, w.CenterA, w.CenterA, "10", "120");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("退款比例须在 0 至 100% 之间。", await refused.Content.ReadAsStringAsync());
        Assert.Equal((10, 0.30m), await PolicyAsync(w.CenterA));
    }

    [Fact]
    public async Task Staff_of_another_center_cannot_change_it()
    {
        var w = await factory.WorldAsync();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var staffB = await scope.ServiceProvider.GetRequiredService<AcademyDbContext>().Users.AsNoTracking()
                .Where(u => u.CenterId == w.CenterB).Select(u => u.Email!).FirstAsync();
            var browser = await SignedInAsync(staffB);
            var before = await PolicyAsync(w.CenterA);

            using var response = await PostPolicyAsync(browser, w.CenterB, w.CenterA, "1", "0");

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal(before, await PolicyAsync(w.CenterA));
        }
    }

    [Fact]
    public async Task Staff_add_a_venue_and_an_instructor_on_the_same_page_as_the_refund_policy()
    {
        var w = await factory.WorldAsync();
        var staff = await SignedInAsync(w.StaffAEmail);
        var name = "多功能厅 " + Guid.NewGuid().ToString("N")[..4];

        var page = await staff.GetDocumentAsync($"/staff/center?id={w.CenterA}");
        using var venue = await staff.PostAsync($"/staff/center?id={w.CenterA}&handler=Venue", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [Forms.TokenField] = Forms.Token(page, "Venue.Name"),
            ["Venue.Name"] = name,
            ["Venue.Capacity"] = "45",
        }));
        Assert.Equal(HttpStatusCode.Redirect, venue.StatusCode);

        page = await staff.GetDocumentAsync($"/staff/center?id={w.CenterA}");
        using var instructor = await staff.PostAsync($"/staff/center?id={w.CenterA}&handler=Instructor", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [Forms.TokenField] = Forms.Token(page, "Instructor.Name"),
            ["Instructor.Name"] = "赵老师",
            ["Instructor.CertificateLevel"] = "3",
        }));
        Assert.Equal(HttpStatusCode.Redirect, instructor.StatusCode);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        Assert.Equal(45, await db.Venues.Where(v => v.Name == name).Select(v => v.Capacity).SingleAsync());
        Assert.True(await db.Instructors.AnyAsync(i => i.CenterId == w.CenterA && i.Name == "赵老师"));
    }
}
