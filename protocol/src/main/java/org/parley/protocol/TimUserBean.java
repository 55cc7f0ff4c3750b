package org.parley.protocol;

import java.util.List;
import java.util.Map;

/**
 * A user profile (§5.11). The IDL leaves field id 3 unused, and spells {@code brithday} so; the
 * misspelling is the JSON key and is kept.
 */
public final class TimUserBean extends TimStruct<TimUserBean> {

    /** The IDL layout (§1.8); the names are also the JSON keys. */
    static final StructSchema<TimUserBean> SCHEMA = StructSchema.builder(TimUserBean.class, TimUserBean::new)
            .optional(1, "name", WireType.STRING, TimUserBean::getName, TimUserBean::setName)
            .optional(2, "nickName", WireType.STRING, TimUserBean::getNickName, TimUserBean::setNickName)
            .optional(4, "brithday", WireType.STRING, TimUserBean::getBrithday, TimUserBean::setBrithday)
            .optional(5, "gender", WireType.BYTE, TimUserBean::getGender, TimUserBean::setGender)
            .optional(6, "cover", WireType.STRING, TimUserBean::getCover, TimUserBean::setCover)
            .optional(7, "area", WireType.STRING, TimUserBean::getArea, TimUserBean::setArea)
            .optional(8, "createtime", WireType.I64, TimUserBean::getCreatetime, TimUserBean::setCreatetime)
            .optional(9, "photoTidAlbum", WireType.STRING_LIST,
                    TimUserBean::getPhotoTidAlbum, TimUserBean::setPhotoTidAlbum)
            .optional(10, "extend", WireType.STRING_MAP, TimUserBean::getExtend, TimUserBean::setExtend)
            .optional(11, "extra", WireType.BINARY_MAP, TimUserBean::getExtra, TimUserBean::setExtra)
            .build();
    static final WireType<TimUserBean> TYPE = WireType.struct(SCHEMA);

    private String name;
    private String nickName;
    private String brithday;
    private Byte gender;
    private String cover;
    private String area;
    private Long createtime;
    private List<String> photoTidAlbum;
    private Map<String, String> extend;
    private Map<String, byte[]> extra;

    public String getName() {
        return name;
    }

    public TimUserBean setName(String name) {
        this.name = name;
        return this;
    }

    public String getNickName() {
        return nickName;
    }

    public TimUserBean setNickName(String nickName) {
        this.nickName = nickName;
        return this;
    }

    public String getBrithday() {
        return brithday;
    }

    public TimUserBean setBrithday(String brithday) {
        this.brithday = brithday;
        return this;
    }

    public Byte getGender() {
        return gender;
    }

    public TimUserBean setGender(Byte gender) {
        this.gender = gender;
        return this;
    }

    public String getCover() {
        return cover;
    }

    public TimUserBean setCover(String cover) {
        this.cover = cover;
        return this;
    }

    public String getArea() {
        return area;
    }

    public TimUserBean setArea(String area) {
        this.area = area;
        return this;
    }

    public Long getCreatetime() {
        return createtime;
    }

    public TimUserBean setCreatetime(Long createtime) {
        this.createtime = createtime;
        return this;
    }

    public List<String> getPhotoTidAlbum() {
        return photoTidAlbum;
    }

    public TimUserBean setPhotoTidAlbum(List<String> photoTidAlbum) {
        this.photoTidAlbum = photoTidAlbum;
        return this;
    }

    public Map<String, String> getExtend() {
        return extend;
    }

    public TimUserBean setExtend(Map<String, String> extend) {
        this.extend = extend;
        return this;
    }

    public Map<String, byte[]> getExtra() {
        return extra;
    }

    public TimUserBean setExtra(Map<String, byte[]> extra) {
        this.extra = extra;
        return this;
    }

    @Override
    StructSchema<TimUserBean> schema() {
        return SCHEMA;
    }
}
