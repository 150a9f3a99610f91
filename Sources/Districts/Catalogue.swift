import Model

/// The service catalogue the samples ship: 32 items typical of a Chinese district's 政务服务
/// list, from community certificates to district-level permits, with demand per 1,000
/// residents per year, the lowest tier that handles each, channel eligibility, trips, papers
/// and promised days. Figures are illustrative planning defaults, not statistics.
public enum StandardCatalogue {
    /// Columns: id, name, per 1,000/yr, min tier, hall, kiosk, online, video, trips hall, trips
    /// kiosk, handling minutes, trips online, documents, time limit days, consultations.
    static let rows: [(String, String, Double, Tier, Bool, Bool, Bool, Bool, Double, Double, Double, Double, Double, Double, Double)] = [
        ("S001", "户籍迁入 Household registration transfer-in", 14, .district, true, false, true, false, 2, 0, 25, 1, 6, 10, 0.6),
        ("S002", "居住证办理 Residence permit", 30, .street, true, true, true, false, 1, 1, 15, 1, 4, 7, 0.4),
        ("S003", "出生登记 Birth registration", 9, .street, true, false, true, true, 2, 0, 20, 0, 5, 5, 0.5),
        ("S004", "身份证换领 ID card renewal", 60, .district, true, true, false, false, 1, 1, 12, 0, 2, 20, 0.2),
        ("S005", "社保参保登记 Social insurance enrolment", 25, .street, true, true, true, true, 1, 1, 15, 0, 3, 3, 0.5),
        ("S006", "社保卡补换 Social security card replacement", 20, .community, true, true, true, false, 1, 1, 8, 0, 1, 7, 0.2),
        ("S007", "医保报销 Medical insurance reimbursement", 80, .street, true, false, true, true, 1, 0, 18, 0, 4, 15, 0.6),
        ("S008", "养老金资格认证 Pension eligibility check", 45, .community, true, true, true, true, 1, 1, 6, 0, 1, 1, 0.2),
        ("S009", "高龄津贴申领 Old-age allowance", 12, .community, true, false, true, false, 1, 0, 12, 0, 3, 10, 0.4),
        ("S010", "低保申请 Minimum living allowance", 4, .street, true, false, false, false, 3, 0, 35, 0, 7, 30, 1.0),
        ("S011", "残疾人证办理 Disability certificate", 3, .district, true, false, false, false, 2, 0, 30, 0, 5, 20, 0.8),
        ("S012", "新生儿医保参保 Newborn medical insurance", 9, .street, true, false, true, false, 1, 0, 10, 0, 3, 5, 0.3),
        ("S013", "公积金提取 Housing fund withdrawal", 40, .district, true, true, true, false, 1, 1, 15, 0, 3, 3, 0.5),
        ("S014", "不动产登记 Real-estate registration", 15, .district, true, false, false, false, 2, 0, 40, 0, 8, 5, 1.0),
        ("S015", "个体工商户登记 Sole-trader registration", 6, .street, true, false, true, true, 1, 0, 25, 0, 4, 3, 0.7),
        ("S016", "企业设立登记 Company registration", 3, .district, true, false, true, false, 1, 0, 30, 0, 6, 3, 1.0),
        ("S017", "食品经营许可 Food business licence", 2, .district, true, false, true, false, 2, 0, 35, 0, 8, 7, 1.2),
        ("S018", "建筑施工许可 Building permit", 0.5, .city, true, false, true, false, 2, 0, 60, 0, 12, 10, 1.5),
        ("S019", "排水许可 Drainage permit", 0.4, .city, true, false, true, false, 2, 0, 45, 0, 9, 10, 1.2),
        ("S020", "就业登记 Employment registration", 18, .community, true, true, true, false, 1, 1, 10, 0, 2, 1, 0.3),
        ("S021", "失业保险金申领 Unemployment benefit", 7, .street, true, false, true, true, 1, 0, 15, 0, 3, 10, 0.6),
        ("S022", "婚姻登记 Marriage registration", 8, .district, true, false, false, false, 1, 0, 20, 0, 4, 1, 0.3),
        ("S023", "独生子女证明 Only-child certificate", 2, .community, true, false, true, false, 1, 0, 8, 0, 2, 5, 0.2),
        ("S024", "居民死亡登记 Death registration", 7, .street, true, false, false, false, 1, 0, 20, 0, 4, 3, 0.4),
        ("S025", "电动车登记 E-bike registration", 25, .street, true, true, true, false, 1, 1, 12, 1, 3, 1, 0.3),
        ("S026", "无犯罪记录证明 Criminal-record certificate", 10, .street, true, true, true, false, 1, 1, 10, 0, 1, 3, 0.2),
        ("S027", "水电气过户 Utility account transfer", 20, .community, true, true, true, false, 1, 1, 10, 0, 3, 3, 0.3),
        ("S028", "租赁备案 Rental registration", 16, .community, true, false, true, false, 1, 0, 12, 0, 3, 3, 0.3),
        ("S029", "义务教育入学 School enrolment", 10, .district, true, false, true, false, 1, 0, 20, 0, 5, 30, 0.8),
        ("S030", "老年人优待证 Senior benefit card", 10, .community, true, true, true, false, 1, 1, 6, 0, 2, 5, 0.2),
        ("S031", "社会救助临时申请 Temporary social assistance", 2, .street, true, false, false, true, 2, 0, 30, 0, 5, 10, 0.9),
        ("S032", "违法建设投诉 Unauthorised-building complaint", 3, .street, true, false, true, true, 1, 0, 15, 1, 2, 15, 1.5),
    ]

    /// 现场勘查 of the permits: staff minutes per completion and the days it takes of the promised
    /// time (the permits' promised 10, 15 and 15 days are unchanged: the time limit above is the
    /// rest). Staff go to the site, so a permit done online needs no trip. The minutes are
    /// assumptions (two officers, travel and an hour or so on site); the documents give none.
    static let inspections: [String: (minutes: Double, days: Double)] = [
        "S017": (120, 3), "S018": (180, 5), "S019": (120, 5),
    ]

    public static var items: [ServiceItem] {
        rows.map { r in
            ServiceItem(id: r.0, name: r.1, perThousandPerYear: r.2, minTier: r.3, hall: r.4, kiosk: r.5,
                        online: r.6, video: r.7, tripsHall: r.8, tripsKiosk: r.9, tripsOnline: r.11,
                        handlingMinutes: r.10, documents: r.12, timeLimitDays: r.13, consultPerCompletion: r.14,
                        inspectionMinutes: inspections[r.0]?.minutes ?? 0, inspectionDays: inspections[r.0]?.days ?? 0)
        }
    }

    /// The online channels every sample offers: web and app (everything online-eligible), a video
    /// desk in office hours and the 12345 hotline.
    public static var channels: [Channel] {
        [
            Channel(id: "web", kind: .online, hours: .alwaysOpen, services: .allOnline, effortMinutes: 15, agents: 0, seats: 0, handlingMinutes: 0),
            Channel(id: "app", kind: .online, hours: .alwaysOpen, services: .allOnline, effortMinutes: 10, agents: 0, seats: 0, handlingMinutes: 0),
            Channel(id: "video", kind: .video, hours: OpeningHours(literal: "Mo-Fr 09:00-18:00"),
                    services: .allOnline, effortMinutes: 20, agents: 8, seats: 0, handlingMinutes: 20),
            Channel(id: "hotline", kind: .hotline, hours: .alwaysOpen, services: .allOnline, effortMinutes: 10, agents: 0, seats: 30, handlingMinutes: 6),
        ]
    }
}
