/* review.c — see review.h. */
#include "core/review.h"

#include <string.h>

static const struct rv_regime REGIMES[] = {
	{"qd619-2017", 5, false, "TT 07/2017/TT-BTP: bổ sung hồ sơ trong 05 ngày làm việc", 2, 3,
	 true, "Tạm tính: tỷ lệ tối thiểu thành viên dự họp theo TT 07/2017 chưa được xác minh; "
	 "dùng 2/3 như TT 09/2021"},
	{"qd25-2021", 3, false, "TT 09/2021/TT-BTP, Điều 5: bổ sung hồ sơ trong 03 ngày làm việc",
	 2, 3, false, "TT 09/2021/TT-BTP, Điều 5: ít nhất 2/3 tổng số thành viên Hội đồng tham dự"},
	{"qd27-2025", 3, true, "Tạm tính: thời hạn bổ sung theo TT 15/2025 chưa được xác minh; "
	 "dùng 03 ngày làm việc như TT 09/2021", 2, 3, true,
	 "Tạm tính: tỷ lệ tối thiểu theo TT 15/2025 chưa được xác minh; dùng 2/3 như TT 09/2021"},
};

static const struct rv_regime DEFAULT = {
	"", 3, true, "Tạm tính: bộ quy tắc chưa có thời hạn bổ sung; dùng 03 ngày làm việc", 2, 3,
	true, "Tạm tính: bộ quy tắc chưa có tỷ lệ tối thiểu; dùng 2/3"};

const struct rv_regime *rv_regime_for(const char *ruleset_id)
{
	for (size_t i = 0; ruleset_id && i < sizeof REGIMES / sizeof REGIMES[0]; i++)
		if (strcmp(REGIMES[i].ruleset_id, ruleset_id) == 0)
			return &REGIMES[i];
	return &DEFAULT;
}

bool rv_quorum_met(const struct rv_regime *r, int present, int members)
{
	if (members <= 0 || present < 0 || present > members)
		return false;
	return (long long)present * r->quorum_den >= (long long)r->quorum_num * members;
}

int rv_parse_score(const char *s, tc_pts max, tc_pts *out, struct tc_err *err)
{
	char tmp[32];
	size_t a = 0, b = s ? strlen(s) : 0;
	while (a < b && (s[a] == ' ' || s[a] == '\t'))
		a++;
	while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
		b--;
	char mx[32];
	pts_format_vi(max == TC_PTS_NONE ? 0 : max, mx, sizeof mx);
	if (a == b)
		return tc_err_set(err, TC_EINPUT, "Chưa nhập điểm thẩm định.");
	tc_pts p;
	size_t n = b - a;
	if (n < sizeof tmp) {
		memcpy(tmp, s + a, n);
		tmp[n] = '\0';
	}
	if (n >= sizeof tmp || pts_parse(tmp, &p) != 0)
		return tc_err_set(err, TC_EINPUT, "Điểm không hợp lệ: nhập một số, tối đa hai chữ số "
				  "thập phân, dùng dấu phẩy (ví dụ 7,25).");
	if (p < 0 || (max != TC_PTS_NONE && p > max)) {
		if (max == TC_PTS_NONE)
			return tc_err_set(err, TC_EINPUT, "Điểm không được âm.");
		return tc_err_set(err, TC_EINPUT, "Điểm phải từ 0 đến %s.", mx);
	}
	*out = p;
	return 0;
}
