(function(){
  function open(d){
    var body=d.nextElementSibling;
    if(!body||body.className!=='deferred-body'){return;}
    var box=document.createElement('div');
    box.innerHTML=body.textContent;
    body.parentNode.replaceChild(box,body);
    d.parentNode.removeChild(d);
  }
  document.querySelectorAll('details.deferred').forEach(function(d){
    d.addEventListener('toggle',function(){if(d.open){open(d);}});
  });
  window.addEventListener('beforeprint',function(){
    document.querySelectorAll('details.deferred').forEach(open);
  });
  var node=document.getElementById('cards-data');
  if(!node){return;}
  var data=null,byId={};
  function load(){
    if(data===null){
      data=JSON.parse(node.textContent);
      data.cards.forEach(function(c){byId[c.id]=c;});
    }
    return data;
  }
  function esc(s){return String(s).replace(/[&<>"']/g,function(ch){return {'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[ch];});}
  function card(id){
    var d=load(),c=byId[id];
    if(!c){return null;}
    var have=document.getElementById('c-'+id);
    if(have){return have;}
    var r=c.radar,base=d.radar;
    var svg=base.slice(0,r[0])+r[2]+base.slice(base.length-r[1]);
    var h='<h3>'+c.heading+'</h3>';
    if(c.note){h+='<p class="muted">'+esc(c.note)+'</p>';}
    h+='<p class="muted">'+d.radar_label+'</p>'+svg;
    h+='<table><thead><tr>'+d.heads.map(function(x){return '<th>'+x+'</th>';}).join('')+'</tr></thead><tbody>';
    c.rows.forEach(function(row,k){
      h+='<tr><td>'+esc(d.indicators[k])+'</td><td class="num">'+row[0]+'</td><td class="num">'+row[1]+'</td><td class="num">'+row[2]+'</td></tr>';
    });
    h+='</tbody></table>';
    var s=document.createElement('section');
    s.className='card';
    s.id='c-'+id;
    s.innerHTML=h;
    document.getElementById('cards').appendChild(s);
    return s;
  }
  function show(id){
    var s=card(id);
    if(s){s.scrollIntoView();var pick=document.getElementById('card-pick');if(pick){pick.value=id;}}
  }
  function fromHash(){
    var h=decodeURIComponent(location.hash||'');
    if(h.indexOf('#c-')===0){show(h.slice(3));}
  }
  document.getElementById('card-pick').addEventListener('change',function(e){
    if(e.target.value){show(e.target.value);}
  });
  document.getElementById('card-print-all').addEventListener('click',function(){
    var box=document.getElementById('cards');
    box.innerHTML='';
    load().cards.forEach(function(c){card(c.id);});
    window.print();
  });
  window.addEventListener('hashchange',fromHash);
  fromHash();
})();
