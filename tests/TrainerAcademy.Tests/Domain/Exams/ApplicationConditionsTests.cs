using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;

namespace TrainerAcademy.Tests.Domain.Exams;

/// <summary>
/// Every route of every level of the application conditions as shipped in db/seed/application-conditions.json, with
/// its boundaries: one year short fails, the exact number passes. Each row gives what every route of the level lacks,
/// in the order the learner reads them.
/// </summary>
public class ApplicationConditionsTests
{
    private static readonly ApplicationConditions Shipped = Load();

    private static ApplicationConditions Load()
    {
        var file = ReferenceDataSeeder.Read<ApplicationRoute>("application-conditions");
        return new ApplicationConditions(file.Version, file.Items);
    }

    [Theory]
    // Level 5: 1 year in the occupation, or a completed apprenticeship.
    [InlineData(5, null, 1, null, Education.SeniorHigh, false, false, true, "l5-years: ok | l5-apprenticeship: apprenticeship")]
    [InlineData(5, null, 0, null, Education.SeniorHigh, false, false, false, "l5-years: years 1 (has 0) | l5-apprenticeship: apprenticeship")]
    [InlineData(5, null, 0, null, Education.SeniorHigh, false, true, true, "l5-years: years 1 (has 0) | l5-apprenticeship: ok")]
    // Level 4, route 1: a level 5 certificate and 4 years worked since it; the whole career does not count.
    [InlineData(4, 5, 4, 4, Education.SeniorHigh, false, false, true,
        "l4-certificate-years: ok | l4-years: years 6 (has 4) | l4-vocational-graduate: education, related-major")]
    [InlineData(4, 5, 5, 3, Education.SeniorHigh, false, false, false,
        "l4-certificate-years: years-since-certificate 4 (has 3) | l4-years: years 6 (has 5) | l4-vocational-graduate: education, related-major")]
    [InlineData(4, 3, 4, 4, Education.SeniorHigh, false, false, true,
        "l4-certificate-years: ok | l4-years: years 6 (has 4) | l4-vocational-graduate: education, related-major")]
    // Level 4, route 2: 6 years in the occupation.
    [InlineData(4, null, 6, null, Education.SeniorHigh, false, false, true,
        "l4-certificate-years: certificate 5 (has none), years-since-certificate 4 (has none) | l4-years: ok | l4-vocational-graduate: education, related-major")]
    [InlineData(4, null, 5, null, Education.SeniorHigh, false, false, false,
        "l4-certificate-years: certificate 5 (has none), years-since-certificate 4 (has none) | l4-years: years 6 (has 5) | l4-vocational-graduate: education, related-major")]
    // Level 4, route 3: a technician-school or secondary-vocational graduate of a related major.
    [InlineData(4, null, 0, null, Education.SecondaryVocational, true, false, true,
        "l4-certificate-years: certificate 5 (has none), years-since-certificate 4 (has none) | l4-years: years 6 (has 0) | l4-vocational-graduate: ok")]
    [InlineData(4, null, 0, null, Education.TechnicianSchool, true, false, true,
        "l4-certificate-years: certificate 5 (has none), years-since-certificate 4 (has none) | l4-years: years 6 (has 0) | l4-vocational-graduate: ok")]
    [InlineData(4, null, 0, null, Education.TechnicianSchool, false, false, false,
        "l4-certificate-years: certificate 5 (has none), years-since-certificate 4 (has none) | l4-years: years 6 (has 0) | l4-vocational-graduate: related-major")]
    [InlineData(4, null, 0, null, Education.SeniorHigh, true, false, false,
        "l4-certificate-years: certificate 5 (has none), years-since-certificate 4 (has none) | l4-years: years 6 (has 0) | l4-vocational-graduate: education")]
    // Level 3, route 1: a level 4 certificate and 5 years since it; 10 years of career with 4 since the certificate fall short.
    [InlineData(3, 4, 5, 5, Education.SeniorHigh, false, false, true,
        "l3-certificate-years: ok | l3-certificate-senior-school: education, related-major | l3-college-certificate-years: education, related-major")]
    [InlineData(3, 4, 10, 4, Education.SeniorHigh, false, false, false,
        "l3-certificate-years: years-since-certificate 5 (has 4) | l3-certificate-senior-school: education, related-major | l3-college-certificate-years: education, related-major")]
    // Level 3, route 2: a level 4 certificate and a related 高级技工学校, 技师学院 or 高职 diploma, no years.
    [InlineData(3, 4, 0, 0, Education.SeniorTechnicianSchool, true, false, true,
        "l3-certificate-years: years-since-certificate 5 (has 0) | l3-certificate-senior-school: ok | l3-college-certificate-years: years-since-certificate 2 (has 0), education")]
    [InlineData(3, 4, 0, 0, Education.TechnicianCollege, true, false, true,
        "l3-certificate-years: years-since-certificate 5 (has 0) | l3-certificate-senior-school: ok | l3-college-certificate-years: years-since-certificate 2 (has 0), education")]
    [InlineData(3, 4, 0, 0, Education.HigherVocational, true, false, true,
        "l3-certificate-years: years-since-certificate 5 (has 0) | l3-certificate-senior-school: ok | l3-college-certificate-years: years-since-certificate 2 (has 0), education")]
    [InlineData(3, 4, 0, 0, Education.HigherVocational, false, false, false,
        "l3-certificate-years: years-since-certificate 5 (has 0) | l3-certificate-senior-school: related-major | l3-college-certificate-years: years-since-certificate 2 (has 0), education, related-major")]
    // Level 3, route 3: 大专 or higher in a related major, a level 4 certificate and 2 years since it. 大专 is not 高职.
    [InlineData(3, 4, 0, 0, Education.JuniorCollege, true, false, false,
        "l3-certificate-years: years-since-certificate 5 (has 0) | l3-certificate-senior-school: education | l3-college-certificate-years: years-since-certificate 2 (has 0)")]
    [InlineData(3, 4, 8, 1, Education.JuniorCollege, true, false, false,
        "l3-certificate-years: years-since-certificate 5 (has 1) | l3-certificate-senior-school: education | l3-college-certificate-years: years-since-certificate 2 (has 1)")]
    [InlineData(3, 4, 2, 2, Education.JuniorCollege, true, false, true,
        "l3-certificate-years: years-since-certificate 5 (has 2) | l3-certificate-senior-school: education | l3-college-certificate-years: ok")]
    [InlineData(3, 4, 2, 2, Education.Bachelor, true, false, true,
        "l3-certificate-years: years-since-certificate 5 (has 2) | l3-certificate-senior-school: education | l3-college-certificate-years: ok")]
    [InlineData(3, 4, 2, 2, Education.MasterOrAbove, false, false, false,
        "l3-certificate-years: years-since-certificate 5 (has 2) | l3-certificate-senior-school: education, related-major | l3-college-certificate-years: related-major")]
    [InlineData(3, 5, 10, 10, Education.Bachelor, true, false, false,
        "l3-certificate-years: certificate 4 (has 5) | l3-certificate-senior-school: certificate 4 (has 5), education | l3-college-certificate-years: certificate 4 (has 5)")]
    [InlineData(3, null, 10, null, Education.Bachelor, true, false, false,
        "l3-certificate-years: certificate 4 (has none), years-since-certificate 5 (has none) | l3-certificate-senior-school: certificate 4 (has none), education | l3-college-certificate-years: certificate 4 (has none), years-since-certificate 2 (has none)")]
    // Level 2, route 1: a level 3 certificate and 4 years since it.
    [InlineData(2, 3, 4, 4, Education.Bachelor, false, false, true,
        "l2-certificate-years: ok | l2-certificate-technician-college: education")]
    [InlineData(2, 3, 9, 3, Education.Bachelor, false, false, false,
        "l2-certificate-years: years-since-certificate 4 (has 3) | l2-certificate-technician-college: education")]
    // Level 2, route 2: a level 3 certificate, a 高级技工学校 or 技师学院 diploma and 3 years in the occupation in all.
    [InlineData(2, 3, 3, 0, Education.TechnicianCollege, false, false, true,
        "l2-certificate-years: years-since-certificate 4 (has 0) | l2-certificate-technician-college: ok")]
    [InlineData(2, 3, 3, 1, Education.SeniorTechnicianSchool, false, false, true,
        "l2-certificate-years: years-since-certificate 4 (has 1) | l2-certificate-technician-college: ok")]
    [InlineData(2, 3, 2, 0, Education.SeniorTechnicianSchool, false, false, false,
        "l2-certificate-years: years-since-certificate 4 (has 0) | l2-certificate-technician-college: years 3 (has 2)")]
    [InlineData(2, 4, 10, 10, Education.TechnicianCollege, false, false, false,
        "l2-certificate-years: certificate 3 (has 4) | l2-certificate-technician-college: certificate 3 (has 4)")]
    // Level 1: a level 2 certificate and 4 years since it.
    [InlineData(1, 2, 4, 4, Education.Bachelor, false, false, true, "l1-certificate-years: ok")]
    [InlineData(1, 1, 4, 4, Education.Bachelor, false, false, true, "l1-certificate-years: ok")]
    [InlineData(1, 2, 20, 3, Education.Bachelor, false, false, false, "l1-certificate-years: years-since-certificate 4 (has 3)")]
    [InlineData(1, 2, 20, null, Education.Bachelor, false, false, false, "l1-certificate-years: years-since-certificate 4 (has none)")]
    [InlineData(1, 3, 20, 20, Education.Bachelor, false, false, false, "l1-certificate-years: certificate 2 (has 3)")]
    public void Each_route_of_each_level_is_met_or_says_what_it_lacks(int level, int? certificate, int years, int? yearsSinceCertificate,
        Education education, bool relatedMajor, bool apprenticeship, bool eligible, string expected)
    {
        var facts = new CandidateFacts(certificate, years, education, relatedMajor, apprenticeship, yearsSinceCertificate);

        var routes = Shipped.Check(level, facts);

        Assert.Equal(expected, string.Join(" | ", routes.Select(r => $"{r.Route.Code}: {Describe(r.Missing)}")));
        Assert.Equal(eligible, routes.Any(r => r.Missing.Count == 0));
    }

    [Fact]
    public void Every_route_of_the_standard_is_on_record()
    {
        Assert.Equal("2021-2", Shipped.Version);
        Assert.Equal(
            [(5, 2), (4, 3), (3, 3), (2, 2), (1, 1)],
            new[] { 5, 4, 3, 2, 1 }.Select(l => (l, Shipped.RoutesFor(l).Count)));
    }

    [Fact]
    public void A_route_counting_years_after_a_certificate_must_name_the_certificate()
    {
        Assert.Throws<InvalidOperationException>(() =>
            new ApplicationConditions("test", [new ApplicationRoute(4, "bad", YearsInOccupation: 4, YearsAfterCertificate: true)]));
    }

    private static string Describe(IReadOnlyList<MissingRequirement> missing) =>
        missing.Count == 0 ? "ok" : string.Join(", ", missing.Select(m => m.Kind switch
        {
            RequirementKind.Certificate => $"certificate {m.Needed} (has {Has(m)})",
            RequirementKind.Years => $"years {m.Needed} (has {Has(m)})",
            RequirementKind.YearsSinceCertificate => $"years-since-certificate {m.Needed} (has {Has(m)})",
            RequirementKind.Education => "education",
            RequirementKind.RelatedMajor => "related-major",
            _ => "apprenticeship",
        }));

    private static string Has(MissingRequirement m) => m.Has?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";
}
