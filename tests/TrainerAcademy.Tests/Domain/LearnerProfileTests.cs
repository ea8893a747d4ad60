using System.Globalization;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Tests.Domain;

public class LearnerProfileTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    private static void Update(LearnerProfile p, string? idNumber = null, string? phone = "13800138000", IdType idType = IdType.ResidentIdCard,
        string? realName = "刘洋", int? years = 2) =>
        p.Update(realName, idType, idNumber ?? TestData.IdNumber(), phone, Employment.Employed, "上海", "上海", years, Education.Bachelor, Now);

    [Fact]
    public void A_complete_valid_profile_is_saved_and_complete()
    {
        var p = new LearnerProfile("u1");
        Assert.False(p.IsComplete);

        Update(p);

        Assert.True(p.IsComplete);
        Assert.Equal(TestData.IdNumber(), p.IdNumber);
        Assert.Equal("13800138000", p.Phone);
        Assert.Equal(Now, p.UpdatedAt);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("12800138000")] // no mainland mobile number starts 12
    [InlineData("1380013800")] // 10 digits
    [InlineData("138001380001")] // 12 digits
    [InlineData("+8613800138000")]
    [InlineData("1380013800a")]
    public void A_phone_that_is_not_an_11_digit_mainland_mobile_number_is_refused(string phone)
    {
        var e = Assert.ThrowsAny<RuleViolation>(() => Update(new LearnerProfile("u1"), phone: phone));

        Assert.Equal("profile.phone", e.Code);
        Assert.Equal("phone", e.Field);
    }

    [Fact]
    public void A_resident_id_number_with_a_wrong_check_digit_is_refused_on_the_id_number()
    {
        var e = Assert.ThrowsAny<RuleViolation>(() => Update(new LearnerProfile("u1"), idNumber: TestData.IdNumberWithWrongCheck()));

        Assert.Equal("profile.id-number", e.Code);
        Assert.Equal("idNumber", e.Field);
    }

    [Fact]
    public void A_lower_case_x_is_stored_upper_case()
    {
        string first17 = Enumerable.Range(0, 1000).Select(i => $"31010419900307{i:D3}").First(f => ChineseIdNumber.CheckCharacter(f) == 'X');
        var p = new LearnerProfile("u1");

        Update(p, idNumber: first17 + "x");

        Assert.Equal(first17 + "X", p.IdNumber);
    }

    [Theory]
    [InlineData(IdType.Passport, "E12345678")]
    [InlineData(IdType.Passport, "e12345678")]
    [InlineData(IdType.HongKongMacaoPermit, "H1234567890")]
    public void Other_documents_take_5_to_20_letters_and_digits(IdType type, string number)
    {
        var p = new LearnerProfile("u1");

        Update(p, idType: type, idNumber: number);

        Assert.Equal(number.ToUpperInvariant(), p.IdNumber);
    }

    [Theory]
    [InlineData("E12")]
    [InlineData("E1234-5678")]
    [InlineData("E123456789012345678901")]
    public void Other_document_numbers_of_the_wrong_shape_are_refused(string number) =>
        Assert.Equal("profile.document-number",
            Assert.ThrowsAny<RuleViolation>(() => Update(new LearnerProfile("u1"), idType: IdType.Passport, idNumber: number)).Code);

    [Fact]
    public void A_resident_id_number_is_not_checked_as_a_passport_number_nor_the_other_way_round()
    {
        // A passport-shaped number is not a resident ID number.
        Assert.Equal("profile.id-number",
            Assert.ThrowsAny<RuleViolation>(() => Update(new LearnerProfile("u1"), idType: IdType.ResidentIdCard, idNumber: "E12345678")).Code);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(61)]
    public void Years_in_the_occupation_are_0_to_60(int years) =>
        Assert.Equal("profile.years", Assert.ThrowsAny<RuleViolation>(() => Update(new LearnerProfile("u1"), years: years)).Code);

    [Fact]
    public void A_real_name_longer_than_50_characters_is_refused() =>
        Assert.Equal("profile.real-name",
            Assert.ThrowsAny<RuleViolation>(() => Update(new LearnerProfile("u1"), realName: new string('张', 51))).Code);

    [Fact]
    public void An_undefined_document_type_is_refused() =>
        Assert.Equal("profile.id-type", Assert.ThrowsAny<RuleViolation>(() => Update(new LearnerProfile("u1"), idType: (IdType)99)).Code);

    [Fact]
    public void Blank_values_are_stored_as_missing_and_leave_the_profile_incomplete()
    {
        var p = new LearnerProfile("u1");

        p.Update("  ", IdType.ResidentIdCard, " ", "", null, " ", null, null, null, Now);

        Assert.Null(p.RealName);
        Assert.Null(p.IdNumber);
        Assert.Null(p.Phone);
        Assert.Null(p.SocialInsuranceCity);
        Assert.False(p.IsComplete);
    }

    [Fact]
    public void A_refused_update_leaves_the_saved_profile_as_it_was()
    {
        var p = new LearnerProfile("u1");
        Update(p);

        Assert.ThrowsAny<RuleViolation>(() => Update(p, phone: "123"));

        Assert.Equal("13800138000", p.Phone);
        Assert.Equal(TestData.IdNumber(), p.IdNumber);
    }

    private static void UpdateWithCertificate(LearnerProfile p, int? years, DateOnly? obtainedOn, int? yearsSince) =>
        p.Update("刘洋", IdType.ResidentIdCard, TestData.IdNumber(), "13800138000", Employment.Employed, "上海", "上海", years, Education.Bachelor, Now,
            obtainedOn, yearsSince);

    [Fact]
    public void The_certificate_date_and_the_years_since_it_are_kept_together()
    {
        var p = new LearnerProfile("u1");

        // Now is 2026-03-02 09:00 in China: a certificate of 2023-03-02 is exactly 3 years old.
        UpdateWithCertificate(p, years: 5, new DateOnly(2023, 3, 2), yearsSince: 3);

        Assert.Equal((new DateOnly(2023, 3, 2), 3), (p.CertificateObtainedOn!.Value, p.YearsSinceCertificate!.Value));
    }

    [Theory]
    [InlineData(5, "2023-03-03", 3, "profile.years-since-certificate-elapsed", "yearsSinceCertificate")] // a day short of 3 years
    [InlineData(2, "2020-01-01", 3, "profile.years-since-certificate-total", "yearsSinceCertificate")]
    [InlineData(null, "2020-01-01", 1, "profile.years-since-certificate-total", "yearsSinceCertificate")]
    [InlineData(5, "2026-03-03", 0, "profile.certificate-date-future", "certificateObtainedOn")] // tomorrow in China
    [InlineData(5, null, 1, "profile.certificate-history", "certificateObtainedOn")]
    [InlineData(5, "2020-01-01", null, "profile.certificate-history", "yearsSinceCertificate")]
    [InlineData(5, "2020-01-01", -1, "profile.years-since-certificate", "yearsSinceCertificate")]
    public void Inconsistent_certificate_history_is_refused_on_its_field(int? years, string? obtainedOn, int? yearsSince, string code, string field)
    {
        var e = Assert.ThrowsAny<RuleViolation>(() =>
            UpdateWithCertificate(new LearnerProfile("u1"), years, obtainedOn is null ? null : DateOnly.Parse(obtainedOn, CultureInfo.InvariantCulture), yearsSince));

        Assert.Equal((code, field), (e.Code, e.Field));
    }

    [Fact]
    public void The_certificate_date_of_today_in_China_is_accepted_although_UTC_is_still_yesterday()
    {
        var p = new LearnerProfile("u1");
        var lateEvening = new DateTimeOffset(2026, 3, 1, 20, 0, 0, TimeSpan.Zero); // 2026-03-02 04:00 in China

        p.Update("刘洋", IdType.ResidentIdCard, TestData.IdNumber(), "13800138000", Employment.Employed, null, null, 5, Education.Bachelor, lateEvening,
            new DateOnly(2026, 3, 2), 0);

        Assert.Equal(0, p.YearsSinceCertificate);
    }
}
