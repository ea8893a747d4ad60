using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;

namespace TrainerAcademy.Features.Demo;

/// <summary>
/// A small level-4 theory exam for the demo: a few questions per work function, a blueprint of 14 items worth 100
/// points over 90 minutes, a session whose window is open from an hour before seeding until the evening, and the
/// demo learner registered for it, so the exam page can be tried at once.
/// </summary>
public static class DemoExam
{
    private static readonly (string Stem, string Answer, string Explanation)[] TrueFalse =
    [
        ("数据采集前应明确采集目的、范围和数据来源的合法性。", "true", "合法、明确的采集目的是数据采集的前提。"),
        ("为提高效率，可以直接采集用户的身份证号用于模型训练而无需告知。", "false", "个人信息的采集须遵循告知同意原则。"),
        ("数据清洗包括处理缺失值、重复值和异常值。", "true", "这三类问题是数据清洗最常见的对象。"),
        ("数据脱敏后的数据一定无法再识别到个人。", "false", "脱敏不当或多源关联仍可能重新识别个人。"),
        ("采集的原始数据应保留来源和采集时间等元数据。", "true", "元数据便于追溯和质量检查。"),
        ("数据格式转换不会影响数据质量，无需校验。", "false", "格式转换可能引入编码或精度问题，应抽样校验。"),
    ];

    private static readonly (string Stem, string[] Options, string Answer, string Explanation)[] SingleChoice =
    [
        ("图像目标检测标注中，最常用的标注形式是（ ）。", ["矩形框", "文本转写", "情感标签", "语音切分"], "A", "目标检测通常以矩形框标出目标位置。"),
        ("标注一致性检验常用的指标是（ ）。", ["召回率", "Kappa 系数", "学习率", "困惑度"], "B", "Kappa 系数衡量多名标注员之间的一致程度。"),
        ("语音转写标注时，遇到听不清的内容应（ ）。", ["随意填写", "删除整段音频", "按规范使用不确定标记", "跳过不作记录"], "C", "规范要求用约定标记注明无法辨认的部分。"),
        ("文本情感分类标注中，“这家店的服务太慢了”应标为（ ）。", ["正面", "中性", "负面", "无法判断"], "C", "表达了对服务的不满，属于负面情感。"),
        ("标注任务开始前，最先应完成的工作是（ ）。", ["验收", "制定并学习标注规范", "模型训练", "数据上线"], "B", "统一的标注规范是保证质量的基础。"),
        ("质检员抽检发现某批标注错误率超过阈值，应当（ ）。", ["直接通过", "退回返工并分析原因", "删除该批数据", "降低阈值"], "B", "超过阈值的批次应返工并查找原因。"),
    ];

    private static readonly (string Stem, string[] Options, string Answer, string Explanation)[] MultipleChoice =
    [
        ("智能系统日常运维的工作包括（ ）。", ["监控运行状态", "记录和分析日志", "定期备份数据", "随意修改生产配置"], "ABC", "修改生产配置须走变更流程。"),
        ("智能客服系统答复准确率下降时，可能的原因有（ ）。", ["知识库未更新", "用户问法发生变化", "服务器时间显示格式", "模型版本回退"], "ABD", "显示格式与答复准确率无关。"),
        ("系统故障处理的一般步骤包括（ ）。", ["发现和报告故障", "定位原因", "恢复服务", "复盘并记录"], "ABCD", "完整的故障处理形成闭环。"),
        ("以下属于智能系统性能监控指标的有（ ）。", ["响应时间", "并发量", "错误率", "员工考勤"], "ABC", "考勤不属于系统性能指标。"),
        ("模型上线前的测试应关注（ ）。", ["功能是否满足需求", "性能是否达标", "异常输入的处理", "界面配色是否喜欢"], "ABC", "个人喜好不是测试依据。"),
    ];

    public static async Task SeedAsync(AcademyDbContext db, TrainingCenter center, string learnerId, DateTimeOffset now, CancellationToken ct)
    {
        var n = 0;
        foreach (var (stem, answer, explanation) in TrueFalse)
            db.Questions.Add(new Question($"L4-DC-TF-{++n:D3}", 4, "data-collection", new QuestionContent(QuestionType.TrueFalse, 1, stem, null, answer, explanation), now));
        n = 0;
        foreach (var (stem, options, answer, explanation) in SingleChoice)
            db.Questions.Add(new Question($"L4-DA-SC-{++n:D3}", 4, "data-annotation", new QuestionContent(QuestionType.SingleChoice, 2, stem, options, answer, explanation), now));
        n = 0;
        foreach (var (stem, options, answer, explanation) in MultipleChoice)
            db.Questions.Add(new Question($"L4-SO-MC-{++n:D3}", 4, "system-operation", new QuestionContent(QuestionType.MultipleChoice, 2, stem, options, answer, explanation), now));

        var blueprint = new ExamBlueprint(4, "四级理论知识（演示卷）", 90, 60m,
        [
            new BlueprintLine("data-collection", QuestionType.TrueFalse, 5, 4m),
            new BlueprintLine("data-annotation", QuestionType.SingleChoice, 5, 8m),
            new BlueprintLine("system-operation", QuestionType.MultipleChoice, 4, 10m),
        ], now);
        db.ExamBlueprints.Add(blueprint);
        await db.SaveChangesAsync(ct);

        var opens = now.AddHours(-1);
        var session = new ExamSession(center.Id, 4, blueprint.Id, "人工智能训练师（四级）理论知识考试（演示场次）", ExamMode.Online, null, 100,
            opens, now.AddHours(10), opens.AddDays(-1), showReview: true, now);
        db.ExamSessions.Add(session);
        await db.SaveChangesAsync(ct);
        db.ExamRegistrations.Add(new ExamRegistration(session, learnerId, $"{now.InChinaYear()}4{center.OrganisationCode}000001",
            new ApplicationDeclaration(5, null, false, false), "demo", now));
        await db.ExamSessions.Where(s => s.Id == session.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Registered, 1), ct);
        await db.SaveChangesAsync(ct);
    }

    private static int InChinaYear(this DateTimeOffset now) => Infrastructure.AcademyTime.InChina(now).Year;
}
